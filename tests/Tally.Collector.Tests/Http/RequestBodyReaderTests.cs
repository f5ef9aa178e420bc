using System.Text;
using Microsoft.AspNetCore.Http;
using Tally.Collector.Http;
using Tally.Core.Events;

namespace Tally.Collector.Tests.Http;

public class RequestBodyReaderTests
{
    private static readonly EventLimits Limits = EventLimits.Default with { MaxRequestBytes = 1000, MaxDecompressedBytes = 5000 };

    private static HttpRequest Request(byte[] body, bool gzip = false, bool sendLength = true)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = sendLength ? body.Length : null;
        if (gzip)
        {
            context.Request.Headers.ContentEncoding = "gzip";
        }
        return context.Request;
    }

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var buffer = await RequestBodyReader.ReadAsync(request, Limits, CancellationToken.None);
        return buffer.Memory.ToArray();
    }

    private static async Task<RequestError> RefusedAsync(HttpRequest request) =>
        (await Assert.ThrowsAsync<RequestRejectedException>(() => ReadAsync(request))).Error;

    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(1000, false)]
    [InlineData(1000, true)]
    public async Task Reads_bodies_up_to_exactly_the_wire_limit(int length, bool sendLength)
    {
        var body = Enumerable.Repeat((byte)'x', length).ToArray();

        Assert.Equal(body, await ReadAsync(Request(body, sendLength: sendLength)));
    }

    [Fact]
    public async Task A_body_one_byte_over_the_wire_limit_is_refused_even_without_content_length()
    {
        var error = await RefusedAsync(Request(new byte[1001], sendLength: false));

        Assert.Equal((413, "body_too_large"), (error.StatusCode, error.Code));
    }

    [Theory]
    [InlineData(5000)]
    [InlineData(37)]
    public async Task Inflates_up_to_exactly_the_decompressed_limit(int length)
    {
        var raw = Encoding.ASCII.GetBytes(new string('a', length));

        Assert.Equal(raw, await ReadAsync(Request(Bodies.Compress(raw), gzip: true)));
    }

    [Fact]
    public async Task Inflating_one_byte_over_the_limit_is_refused()
    {
        var error = await RefusedAsync(Request(Bodies.Compress(new byte[5001]), gzip: true));

        Assert.Equal((413, "decompressed_too_large"), (error.StatusCode, error.Code));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    public async Task A_gzip_stream_cut_short_is_refused(int cut)
    {
        var full = Bodies.Compress(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => i.ToString("x")))));

        var error = await RefusedAsync(Request(full[..^cut], gzip: true));

        Assert.Equal((400, "invalid_gzip"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task Bytes_that_are_not_gzip_are_refused()
    {
        var error = await RefusedAsync(Request("""{"batch":[]}"""u8.ToArray(), gzip: true));

        Assert.Equal((400, "invalid_gzip"), (error.StatusCode, error.Code));
    }
}
