using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Tally.Client.Queue;

namespace Tally.Client.Wire;

/// <summary>Builds the gzip body of <c>POST /v1/batch</c>: <c>{"batch":[…],"sentAt":"…"}</c> from stored event JSON.</summary>
internal static class BatchBody
{
    private static readonly byte[] Open = Encoding.UTF8.GetBytes("{\"batch\":[");
    private static readonly byte[] Comma = [(byte)','];

    public static ByteArrayContent Create(IReadOnlyList<QueuedEvent> events, DateTimeOffset sentAt)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Open, 0, Open.Length);
            for (int i = 0; i < events.Count; i++)
            {
                if (i > 0)
                {
                    gzip.Write(Comma, 0, 1);
                }
                gzip.Write(events[i].Json, 0, events[i].Json.Length);
            }
            var close = Encoding.UTF8.GetBytes("],\"sentAt\":\"" + EventJson.FormatTime(sentAt) + "\"}");
            gzip.Write(close, 0, close.Length);
        }
        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }
}
