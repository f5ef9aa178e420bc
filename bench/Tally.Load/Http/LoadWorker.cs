using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Tally.Bench.Payloads;
using Tally.Load.Freshness;

namespace Tally.Load.Http;

/// <summary>
/// Sends pooled batches one after another over a shared <see cref="HttpClient"/>, like one
/// busy device SDK that never waits between uploads (or, with a pacer, at a set rate shared by all
/// workers), and honours the collector's back-off.
/// </summary>
internal sealed class LoadWorker(
    HttpClient client,
    Uri batchUrl,
    PayloadPool pool,
    IReadOnlyList<AuthenticationHeaderValue> writeKeys,
    int workerIndex,
    int workerCount,
    RatePacer? pacer = null)
{
    // Without a pause, a refused connection would spin the worker and steal the collector's CPU.
    private static readonly TimeSpan TransportErrorPause = TimeSpan.FromMilliseconds(100);

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public WorkerTally Tally { get; } = new();

    /// <summary>
    /// Sends until <paramref name="stop"/> fires. A request already in flight then finishes
    /// and is counted, so the collector's CPU and the counted events cover the same work;
    /// <paramref name="abort"/> (Ctrl+C) cancels it.
    /// </summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        // Workers start at different pool offsets so they do not send the same body together.
        var next = workerIndex;
        while (!stop.IsCancellationRequested)
        {
            var payload = pool.Payloads[next % pool.Payloads.Count];
            next += workerCount;
            if (pacer?.Reserve(payload.EventCount) is { } wait && wait > TimeSpan.Zero && !await PauseAsync(wait, stop))
            {
                return;
            }
            var pause = await SendAsync(payload, abort);
            if (pause > TimeSpan.Zero && !await PauseAsync(pause, stop))
            {
                return;
            }
        }
    }

    /// <returns>How long to wait before the next request.</returns>
    private async Task<TimeSpan> SendAsync(Payload payload, CancellationToken abort)
    {
        using var content = new ByteArrayContent(payload.Gzip);
        content.Headers.ContentType = Json;
        content.Headers.ContentEncoding.Add("gzip");
        using var request = new HttpRequestMessage(HttpMethod.Post, batchUrl) { Content = content };
        request.Headers.Authorization = writeKeys[payload.AppIndex % writeKeys.Count];

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, abort);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Tally.Accepted(payload.EventCount, Stopwatch.GetElapsedTime(started));
                return TimeSpan.Zero;
            }

            Tally.Failed($"HTTP {(int)response.StatusCode}");
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
            {
                return TimeSpan.Zero;
            }

            var backOff = RetryAfter.From(response.Headers.RetryAfter, DateTimeOffset.UtcNow);
            Tally.BackedOff(backOff);
            return backOff;
        }
        catch (HttpRequestException e) when (!abort.IsCancellationRequested)
        {
            Tally.Failed($"transport {e.HttpRequestError}");
            return TransportErrorPause;
        }
        catch (TaskCanceledException) when (!abort.IsCancellationRequested)
        {
            // Not our cancellation, so HttpClient.Timeout expired.
            Tally.Failed("timeout");
            return TimeSpan.Zero;
        }
    }

    /// <returns>False when the run ended during the pause.</returns>
    private async Task<bool> PauseAsync(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, stop);
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }
}
