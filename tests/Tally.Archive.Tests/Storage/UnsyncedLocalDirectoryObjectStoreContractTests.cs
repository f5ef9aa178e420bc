using Tally.Archive.Storage;
using Tally.Core.Archive;
using Tally.ObjectStore.Contract;

namespace Tally.Archive.Tests.Storage;

/// <summary>Without fsync (the demo's archive) the store keeps every promise but power-cut safety, which no test here can observe.</summary>
public sealed class UnsyncedLocalDirectoryObjectStoreContractTests : ObjectStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();
    private int _stores;

    protected override Task<IObjectStore> CreateStoreAsync() =>
        Task.FromResult<IObjectStore>(new LocalDirectoryObjectStore(Path.Combine(_directory.Path, $"store{_stores++}"), flushToDisk: false));

    public void Dispose() => _directory.Dispose();
}
