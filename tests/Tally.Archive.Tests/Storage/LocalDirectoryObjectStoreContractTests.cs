using Tally.Archive.Storage;
using Tally.Core.Archive;
using Tally.ObjectStore.Contract;

namespace Tally.Archive.Tests.Storage;

public sealed class LocalDirectoryObjectStoreContractTests : ObjectStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();
    private int _stores;

    protected override Task<IObjectStore> CreateStoreAsync() =>
        Task.FromResult<IObjectStore>(new LocalDirectoryObjectStore(Path.Combine(_directory.Path, $"store{_stores++}")));

    [Fact]
    public async Task Failed_puts_leave_no_temporary_file_on_disk()
    {
        var store = new LocalDirectoryObjectStore(Path.Combine(_directory.Path, "disk"));
        await store.PutAsync("a/b", new MemoryStream([1, 2, 3]));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync("a/b", new MemoryStream(new byte[1000]), cancelled.Token));

        Assert.Equal([Path.Combine(store.Root, "a", "b")], Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories));
    }

    public void Dispose() => _directory.Dispose();
}
