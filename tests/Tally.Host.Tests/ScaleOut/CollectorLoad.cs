using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Tally.Host.Tests.Crash;

namespace Tally.Host.Tests.ScaleOut;

/// <summary>
/// Sends batches to collectors as a load balancer would spread them: batch n to collector n mod count.
/// A batch counts once it is answered 200; a 503 (the log briefly unavailable) or 429 is sent again, and so is
/// one whose collector cannot be reached (killed, restarting), as an SDK retries a failed upload. A 503 or 429
/// without <c>Retry-After</c>, or any other answer, fails the load: an SDK would not know when to come back.
/// </summary>
internal sealed class CollectorLoad(IReadOnlyList<Uri> collectors, Func<long, OutgoingBatch> nextBatch) : IDisposable
{
    private readonly HttpClient _client = new() { Timeout = Timeout.InfiniteTimeSpan }; // the caller's deadline bounds every request
    private long _acknowledged;
    private long _unavailable;

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Requests answered 503 (the log or a store unavailable), each with a <c>Retry-After</c>.</summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);

    /// <summary>Sends batches <paramref name="first"/> to <paramref name="last"/> (inclusive) with <paramref name="senders"/> concurrent requests.</summary>
    public async Task SendAsync(long first, long last, int senders, CancellationToken cancellationToken)
    {
        long next = first - 1;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(async _ =>
        {
            for (long batch = Interlocked.Increment(ref next); batch <= last; batch = Interlocked.Increment(ref next))
            {
                await SendOneAsync(batch, cancellationToken);
            }
        }));
    }

    private async Task SendOneAsync(long batch, CancellationToken cancellationToken)
    {
        var content = nextBatch(batch);
        var collector = collectors[(int)(batch % collectors.Count)];
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(collector, "/v1/batch"))
            {
                Content = Gzip(content.Json),
                Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(content.WriteKey + ":"))) },
            };
            using var response = await TrySendAsync(request, cancellationToken);
            if (response?.StatusCode == HttpStatusCode.OK)
            {
                Interlocked.Add(ref _acknowledged, content.MessageIds.Count);
                return;
            }
            if (response is not null && (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                || response.Headers.RetryAfter is null))
            {
                throw new InvalidOperationException(
                    $"Batch {batch} was answered {(int)response.StatusCode} (Retry-After: {response.Headers.RetryAfter}) by {collector}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            if (response?.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Increment(ref _unavailable);
            }
            // Not acknowledged (unreachable, 503, 429): send the same batch again shortly, as the SDK would after Retry-After.
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>The collector's answer, or null when it could not be reached (refused, or reset mid-request by a kill).</summary>
    private async Task<HttpResponseMessage?> TrySendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static ByteArrayContent Gzip(string json)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }
        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    public void Dispose() => _client.Dispose();
}
