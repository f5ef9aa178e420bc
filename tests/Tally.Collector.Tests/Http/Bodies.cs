using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace Tally.Collector.Tests.Http;

/// <summary>Request bodies for the HTTP tests.</summary>
internal static class Bodies
{
    public static string Track(string user, string name = "Song Played", string? extra = null) =>
        $$"""{"type":"track","anonymousId":"{{user}}","event":"{{name}}","messageId":"{{Guid.NewGuid():N}}","timestamp":"2026-01-02T03:04:05Z"{{extra}}}""";

    public static string Batch(params string[] events) => $$"""{"batch":[{{string.Join(",", events)}}],"sentAt":"2026-01-02T03:04:06Z"}""";

    public static HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    public static HttpContent Gzip(byte[] raw)
    {
        var content = new ByteArrayContent(Compress(raw));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    public static byte[] Compress(byte[] raw)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(raw);
        }
        return output.ToArray();
    }

    /// <summary>A gzip stream of <paramref name="zeroBytes"/> zeros, written in chunks so the test never holds them all.</summary>
    public static byte[] GzipBomb(long zeroBytes)
    {
        var output = new MemoryStream();
        var chunk = new byte[1 << 20];
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (long written = 0; written < zeroBytes; written += chunk.Length)
            {
                gzip.Write(chunk);
            }
        }
        return output.ToArray();
    }
}
