using System.Text;
using Tally.Core.Archive;
using static Tally.ObjectStore.Contract.ObjectStoreReads;

namespace Tally.ObjectStore.Contract;

/// <summary>
/// What every <see cref="IObjectStore"/> must do. Subclass it with a factory for a fresh, empty
/// store of the implementation under test (its own directory or bucket prefix).
/// </summary>
public abstract class ObjectStoreContractTests
{
    /// <summary>A new, empty store that no other test uses.</summary>
    protected abstract Task<IObjectStore> CreateStoreAsync();

    [Fact]
    public async Task A_put_object_reads_back_byte_for_byte()
    {
        var store = await CreateStoreAsync();
        byte[] large = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(large);

        await store.PutAsync("events/day=2026-01-01/hour=00/a.parquet", new MemoryStream(large));
        await store.PutAsync("empty", new MemoryStream());

        Assert.Equal(large, await ReadAsync(store, "events/day=2026-01-01/hour=00/a.parquet"));
        Assert.Empty(await ReadAsync(store, "empty"));
    }

    [Fact]
    public async Task A_put_replaces_the_existing_object()
    {
        var store = await CreateStoreAsync();

        await store.PutAsync("a/b", Text("first, longer content"));
        await store.PutAsync("a/b", Text("second"));

        Assert.Equal("second", Encoding.UTF8.GetString(await ReadAsync(store, "a/b")));
        Assert.Equal([new ObjectInfo("a/b", 6)], await ListAsync(store, ""));
    }

    [Fact]
    public async Task Reading_a_missing_object_throws_ObjectNotFoundException()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("a/present", Text("x"));

        var missing = await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("a/absent"));
        var missingDirectory = await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("nowhere/absent"));

        Assert.Equal("a/absent", missing.Key);
        Assert.Equal("nowhere/absent", missingDirectory.Key);
    }

    [Fact]
    public async Task List_returns_objects_under_the_prefix_ordered_by_key_with_sizes()
    {
        var store = await CreateStoreAsync();
        string[] keys =
        [
            "events/day=2026-01-02/hour=10/p001.parquet",
            "events/day=2026-01-01/hour=23/p000.parquet",
            "events/day=2026-01-01/hour=03/p002.parquet",
            "events/day=2026-01-01/hour=03/p001.parquet",
            "events/day=2026-01-010/x",
            "events-other/y",
            "archive-pending/p000.json",
        ];
        foreach (string key in keys)
        {
            await store.PutAsync(key, Text(key));
        }

        var day = await ListAsync(store, "events/day=2026-01-01/");
        var partialSegment = await ListAsync(store, "events/day=2026-01-01");
        var all = await ListAsync(store, "");

        Assert.Equal(
            ["events/day=2026-01-01/hour=03/p001.parquet", "events/day=2026-01-01/hour=03/p002.parquet", "events/day=2026-01-01/hour=23/p000.parquet"],
            day.Select(o => o.Key));
        Assert.All(day, o => Assert.Equal(Encoding.UTF8.GetByteCount(o.Key), o.Size));
        Assert.Equal([.. day.Select(o => o.Key), "events/day=2026-01-010/x"], partialSegment.Select(o => o.Key));
        Assert.Equal(keys.Order(StringComparer.Ordinal), all.Select(o => o.Key));
    }

    [Fact]
    public async Task List_of_an_unused_prefix_is_empty()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("a/b", Text("x"));

        Assert.Empty(await ListAsync(store, "b/"));
        Assert.Empty(await ListAsync(store, "a/c"));
        Assert.Empty(await ListAsync(await CreateStoreAsync(), ""));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_ignores_a_missing_one()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("a/b", Text("x"));
        await store.PutAsync("a/c", Text("y"));

        await store.DeleteAsync("a/b");
        await store.DeleteAsync("a/b");
        await store.DeleteAsync("never/was");

        Assert.Equal(["a/c"], (await ListAsync(store, "")).Select(o => o.Key));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("a/b"));
    }

    [Fact]
    public async Task A_failed_put_leaves_the_previous_object_and_lists_nothing_new()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("a/b", Text("previous"));

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("a/b", new FailingStream(bytesBeforeFailure: 100_000)));
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("a/new", new FailingStream(bytesBeforeFailure: 10)));

        Assert.Equal("previous", Encoding.UTF8.GetString(await ReadAsync(store, "a/b")));
        Assert.Equal(["a/b"], (await ListAsync(store, "")).Select(o => o.Key));
    }

    [Fact]
    public async Task Readers_racing_overwrites_see_one_whole_version()
    {
        var store = await CreateStoreAsync();
        // Versions of different lengths and contents, large enough that a torn write would show.
        byte[][] versions = [.. Enumerable.Range(0, 4).Select(v => Enumerable.Repeat((byte)('a' + v), 256 * 1024 + v * 4096).ToArray())];
        await store.PutAsync("race", new MemoryStream(versions[0]));

        var writer = Task.Run(async () =>
        {
            for (int i = 1; i <= 40; i++)
            {
                await store.PutAsync("race", new MemoryStream(versions[i % versions.Length]));
            }
        });
        int reads = 0;
        while (!writer.IsCompleted || reads < 10)
        {
            byte[] seen = await ReadAsync(store, "race");
            Assert.Contains(versions, v => v.AsSpan().SequenceEqual(seen));
            reads++;
        }
        await writer;
    }

    [Theory]
    [InlineData("")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a/../b")]
    [InlineData("..")]
    [InlineData("a/./b")]
    [InlineData(".hidden")]
    [InlineData("a\\b")]
    public async Task Invalid_keys_are_rejected_with_ArgumentException(string key)
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.PutAsync(key, Text("x")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.OpenReadAsync(key));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.DeleteAsync(key));
    }

    [Theory]
    [InlineData("/a")]
    [InlineData("a//")]
    [InlineData("../a")]
    [InlineData("a\\")]
    public async Task Invalid_prefixes_are_rejected_with_ArgumentException(string prefix)
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ListAsync(store, prefix));
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Yields zeros, then fails: a client connection dropping in the middle of an upload.</summary>
    private sealed class FailingStream(int bytesBeforeFailure) : Stream
    {
        private int _remaining = bytesBeforeFailure;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_remaining == 0)
            {
                throw new IOException("The upload source failed.");
            }
            int n = Math.Min(count, _remaining);
            Array.Clear(buffer, offset, n);
            _remaining -= n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
