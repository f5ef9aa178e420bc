using System.Text;
using Tally.Core.Archive;
using static Tally.ObjectStore.Contract.ObjectStoreReads;
using Tally.Testing.S3;

namespace Tally.ObjectStore.S3.Tests;

/// <summary>What the contract does not reach on S3: multipart uploads, listing pages, key prefixes.</summary>
[Collection(S3Collection.Name)]
public sealed class S3ObjectStoreTests(S3ServerFixture server)
{
    private const int MinPartSize = 5 * 1024 * 1024;

    [Fact]
    public async Task A_body_larger_than_a_part_is_uploaded_in_parts_and_reads_back_whole()
    {
        var store = await CreateStoreAsync(options => options.PartSizeBytes = MinPartSize);
        byte[] body = new byte[2 * MinPartSize + 12345];
        new Random(11).NextBytes(body);

        await store.PutAsync("big/object", new UnseekableStream(body));

        Assert.Equal([new ObjectInfo("big/object", body.Length)], await ListAsync(store, ""));
        Assert.Equal(body, await ReadAsync(store, "big/object"));
    }

    [Fact]
    public async Task A_body_of_exactly_one_part_is_stored_whole()
    {
        var store = await CreateStoreAsync(options => options.PartSizeBytes = MinPartSize);
        byte[] body = new byte[MinPartSize];
        new Random(12).NextBytes(body);

        await store.PutAsync("one-part", new UnseekableStream(body));

        Assert.Equal(body, await ReadAsync(store, "one-part"));
    }

    [Fact]
    public async Task A_multipart_upload_failing_midway_leaves_the_previous_object()
    {
        var store = await CreateStoreAsync(options => options.PartSizeBytes = MinPartSize);
        await store.PutAsync("a/b", new MemoryStream(Encoding.UTF8.GetBytes("previous")));

        // Fails after the first part was uploaded: the upload is aborted, never completed.
        var failing = new UnseekableStream(new byte[MinPartSize + 1000], failAfter: MinPartSize + 10);
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("a/b", failing));

        Assert.Equal("previous", Encoding.UTF8.GetString(await ReadAsync(store, "a/b")));
        Assert.Equal(["a/b"], (await ListAsync(store, "")).Select(o => o.Key));
    }

    [Fact]
    public async Task Listing_follows_continuation_pages()
    {
        var store = await CreateStoreAsync(options => options.ListPageSize = 7);
        var keys = Enumerable.Range(0, 30).Select(i => $"p/{i:D3}").ToList();
        foreach (string key in keys.AsEnumerable().Reverse())
        {
            await store.PutAsync(key, new MemoryStream([1, 2, 3]));
        }

        var listed = await ListAsync(store, "p/");

        Assert.Equal(keys, listed.Select(o => o.Key));
        Assert.All(listed, o => Assert.Equal(3, o.Size));
    }

    [Fact]
    public async Task Stores_with_different_prefixes_in_one_bucket_do_not_see_each_other()
    {
        var first = await CreateStoreAsync();
        var second = await CreateStoreAsync();
        await first.PutAsync("same/key", new MemoryStream([1]));
        await second.PutAsync("same/key", new MemoryStream([2, 2]));

        Assert.Equal([new ObjectInfo("same/key", 1)], await ListAsync(first, ""));
        Assert.Equal([2, 2], await ReadAsync(second, "same/key"));
        await first.DeleteAsync("same/key");
        Assert.Equal([new ObjectInfo("same/key", 2)], await ListAsync(second, ""));
    }

    [Fact]
    public async Task A_read_stream_is_seekable_for_parquet_readers()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("seek", new MemoryStream([1, 2, 3, 4]));

        await using var stream = await store.OpenReadAsync("seek");

        Assert.True(stream.CanSeek);
        stream.Seek(-1, SeekOrigin.End);
        Assert.Equal(4, stream.ReadByte());
    }

    private async Task<S3ObjectStore> CreateStoreAsync(Action<S3ObjectStoreOptions>? configure = null)
    {
        var options = server.Options(await server.BucketForAsync(GetType()), prefix: $"store-{Guid.NewGuid():N}/");
        configure?.Invoke(options);
        return new S3ObjectStore(server.Client, options);
    }

    /// <summary>A body of unknown length (like a network stream), optionally failing after some bytes.</summary>
    private sealed class UnseekableStream(byte[] content, int failAfter = int.MaxValue) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter)
            {
                throw new IOException("The upload source failed.");
            }
            int n = Math.Min(Math.Min(count, content.Length - _position), failAfter - _position);
            Array.Copy(content, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
