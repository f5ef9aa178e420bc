using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Tally.Host.Tests.Crash;

/// <summary>
/// Sends gzip batches of events to a Tally collector, as a fleet of devices would, and remembers
/// which events were acknowledged (answered 200). A request is sent once and never retried; whether a
/// message id reaches the log twice is up to the batches the source makes.
/// </summary>
/// <param name="nextBatch">Makes batch number N (from 1); called concurrently by the senders.</param>
internal sealed class BatchLoad(Func<long, OutgoingBatch> nextBatch)
{
    private readonly ConcurrentDictionary<string, byte> _sent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _acknowledged = new(StringComparer.Ordinal);
    private long _lastBatch;

    /// <summary>Track events with unique message ids, all of the app of <paramref name="writeKey"/>.</summary>
    public BatchLoad(string writeKey, int eventsPerBatch)
        : this(batch => LevelCompletedBatch(writeKey, eventsPerBatch, batch))
    {
    }

    /// <summary>Message ids of every event sent; an unacknowledged one may or may not be in the log.</summary>
    public ICollection<string> Sent => _sent.Keys;

    public ICollection<string> Acknowledged => _acknowledged.Keys;

    /// <summary>
    /// Runs <paramref name="senders"/> concurrent senders against <paramref name="tally"/> until
    /// <paramref name="acknowledgedBeforeKill"/> more events are acknowledged, SIGKILLs it while
    /// they are still sending, and returns once every sender saw the connection die.
    /// </summary>
    public async Task RunUntilKilledAsync(TallyProcess tally, int senders, int acknowledgedBeforeKill, CancellationToken cancellationToken)
    {
        using var client = CreateClient(tally);
        var run = new KillRun(_acknowledged.Count + acknowledgedBeforeKill);
        var sending = Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(() => SendUntilKilledAsync(client, run, cancellationToken), cancellationToken)));

        if (await Task.WhenAny(run.TargetReached.Task, sending).WaitAsync(cancellationToken) == sending)
        {
            await sending; // a sender failed before the kill: surface why
            throw new InvalidOperationException("Every sender stopped before the kill.");
        }
        run.Killing = true;
        await tally.KillAsync(cancellationToken);
        await sending.WaitAsync(cancellationToken);
    }

    /// <summary>Sends one batch and requires it to be acknowledged.</summary>
    public async Task SendAcknowledgedAsync(TallyProcess tally, CancellationToken cancellationToken)
    {
        using var client = CreateClient(tally);
        var batch = NextBatch();
        using var request = Request(batch);
        using var response = await client.SendAsync(request, cancellationToken);
        await EnsureAcknowledgedAsync(response, cancellationToken);
        Acknowledge(batch.MessageIds);
    }

    private async Task SendUntilKilledAsync(HttpClient client, KillRun run, CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = NextBatch();
            using var request = Request(batch);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, cancellationToken);
            }
            // The server is gone: this batch is unacknowledged, and so would be any further one.
            catch (HttpRequestException) when (run.Killing)
            {
                return;
            }
            using (response)
            {
                if (response.StatusCode != HttpStatusCode.OK && run.Killing)
                {
                    continue; // unacknowledged; only a 200 counts
                }
                await EnsureAcknowledgedAsync(response, cancellationToken);
                if (Acknowledge(batch.MessageIds) >= run.Target)
                {
                    run.TargetReached.TrySetResult();
                }
            }
        }
    }

    private int Acknowledge(IReadOnlyList<string> messageIds)
    {
        foreach (var id in messageIds)
        {
            _acknowledged.TryAdd(id, 0);
        }
        return _acknowledged.Count;
    }

    /// <summary>The next batch; its ids count as sent from here on, since part of it may reach the log.</summary>
    private OutgoingBatch NextBatch()
    {
        var batch = nextBatch(Interlocked.Increment(ref _lastBatch));
        foreach (var id in batch.MessageIds)
        {
            _sent.TryAdd(id, 0);
        }
        return batch;
    }

    private static OutgoingBatch LevelCompletedBatch(string writeKey, int eventsPerBatch, long batch)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var messageIds = new string[eventsPerBatch];
        var json = new StringBuilder("""{"batch":[""");
        for (int i = 0; i < eventsPerBatch; i++)
        {
            messageIds[i] = $"crash-b{batch:D6}-e{i:D2}";
            // Many devices, so that one batch spans several partitions and is acknowledged only once all of them committed.
            long device = (batch * eventsPerBatch + i) % 1000;
            json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $$$"""{"type":"track","event":"Level Completed","messageId":"{{{messageIds[i]}}}","anonymousId":"device-{{{device}}}","timestamp":"{{{now}}}","context":{"app":{"version":"2.4.1"},"os":{"name":"iOS","version":"18.1"}},"properties":{"level":{{{i}}},"mode":"story"}}""");
        }
        json.Append($$"""],"sentAt":"{{now}}"}""");
        return new OutgoingBatch(writeKey, json.ToString(), messageIds);
    }

    private static HttpRequestMessage Request(OutgoingBatch batch) => new(HttpMethod.Post, "/v1/batch")
    {
        Content = Gzip(batch.Json),
        Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(batch.WriteKey + ":"))) },
    };

    private static async Task EnsureAcknowledgedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException(
                $"A batch was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
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

    private static HttpClient CreateClient(TallyProcess tally)
    {
        // The caller's deadline bounds every request, not HttpClient's own 100 s.
        return new HttpClient { BaseAddress = tally.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>State the senders of one run share.</summary>
    private sealed class KillRun(int target)
    {
        public int Target { get; } = target;

        public TaskCompletionSource TargetReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set before the kill, so that senders take connection errors from then on as the end of the run.</summary>
        public volatile bool Killing;
    }
}

/// <summary>One request's worth of events: the app's write key, the batch JSON and the message ids in it.</summary>
internal sealed record OutgoingBatch(string WriteKey, string Json, IReadOnlyList<string> MessageIds);
