using Tally.Client.Tests.Servers;
using Tally.Client.Tests.Support;

namespace Tally.Client.Tests.Delivery;

/// <summary>The SDK against a real HTTP endpoint scripted to fail: retries, back-off, 413 splitting, 4xx drops.</summary>
public sealed class FailureHandlingTests
{
    [Fact]
    public async Task Unavailable_collector_is_retried_after_retry_after_and_back_off_and_nothing_is_lost()
    {
        // 503 with Retry-After: 10 twice, then success.
        await using var server = await ScriptedServer.StartAsync((n, _) => n < 2 ? ScriptedServer.Answer(503, "10") : ScriptedServer.Answer(200));
        using var storage = new TestStorage();
        var time = Clients.Clock();
        await using var client = new TallyClient(Clients.Options(server.Address, "key", storage, time) with
        {
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            RetryMaxDelay = TimeSpan.FromSeconds(60),
        });
        for (int i = 0; i < 5; i++)
        {
            client.Track("e" + i);
        }

        await client.FlushAsync();
        Assert.Single(server.Received);
        Assert.Equal(1, client.Stats.FailedUploads);

        // Inside Retry-After, a flush does not cut the wait short.
        time.Advance(TimeSpan.FromSeconds(9));
        await client.FlushAsync();
        Assert.Single(server.Received);

        // Retry-After is a floor; full jitter adds at most the capped back-off (2 s for the second failure).
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => server.Received.Count == 2, "the first retry was sent");
        // Its 503 must have scheduled the next retry before time moves on, or that retry is due 60 s later still.
        await Eventually.TrueAsync(() => client.Stats.FailedUploads == 2, "the first retry's failure was handled");
        time.Advance(TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => client.Stats.Delivered == 5, "the second retry delivered the batch");

        var batches = server.Received;
        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.Equal(batches[0].MessageIds, b.MessageIds));
        Assert.All(batches, b => Assert.StartsWith("Basic ", b.Authorization));
        Assert.Equal(0, client.Stats.QueuedEvents);
    }

    [Fact]
    public async Task Payload_too_large_halves_the_batch_until_the_collector_accepts_it()
    {
        // The collector takes at most 4 events per batch.
        await using var server = await ScriptedServer.StartAsync((_, events) => ScriptedServer.Answer(events.Count > 4 ? 413 : 200));
        using var storage = new TestStorage();
        var time = Clients.Clock();
        await using var client = new TallyClient(Clients.Options(server.Address, "key", storage, time) with { MaxBatchEvents = 10 });
        for (int i = 0; i < 10; i++)
        {
            client.Track("e" + i);
        }

        await client.FlushAsync();

        Assert.Equal([10, 5, 2, 2, 2, 2, 2], server.Received.Select(b => b.Events.Count));
        var accepted = server.Accepted.SelectMany(b => b.Names).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "e" + i), accepted);
        Assert.Equal(10, client.Stats.Delivered);
        Assert.Equal(0, client.Stats.FailedUploads);
    }

    [Fact]
    public async Task A_single_event_still_too_large_is_dropped_and_counted()
    {
        await using var server = await ScriptedServer.StartAsync((_, events) =>
            ScriptedServer.Answer(events.Any(e => e.GetProperty("event").GetString() == "huge") ? 413 : 200));
        using var storage = new TestStorage();
        var time = Clients.Clock();
        await using var client = new TallyClient(Clients.Options(server.Address, "key", storage, time));
        client.Track("before");
        client.Track("huge");
        client.Track("after");

        await client.FlushAsync();

        Assert.Equal(1, client.Stats.DroppedTooLarge);
        Assert.Equal(2, client.Stats.Delivered);
        Assert.Equal(["before", "after"], server.Accepted.SelectMany(b => b.Names));
    }

    [Fact]
    public async Task Bad_request_drops_the_batch_counts_it_and_does_not_retry()
    {
        await using var server = await ScriptedServer.StartAsync((n, _) => ScriptedServer.Answer(n == 0 ? 400 : 200));
        using var storage = new TestStorage();
        var time = Clients.Clock();
        await using var client = new TallyClient(Clients.Options(server.Address, "key", storage, time));
        for (int i = 0; i < 3; i++)
        {
            client.Track("rejected-" + i);
        }

        await client.FlushAsync();
        Assert.Equal(3, client.Stats.DroppedRejected);
        Assert.Equal(0, client.Stats.QueuedEvents);

        client.Track("accepted");
        await client.FlushAsync();

        Assert.Equal(2, server.Received.Count);
        Assert.Equal(["accepted"], server.Accepted.SelectMany(b => b.Names));
        Assert.Equal(0, client.Stats.FailedUploads);
    }

    [Fact]
    public async Task Uploads_start_at_flush_at_events_on_the_foreground_timer_and_on_background()
    {
        await using var server = await ScriptedServer.StartAsync((_, _) => ScriptedServer.Answer(200));
        using var storage = new TestStorage();
        var time = Clients.Clock();
        await using var client = new TallyClient(Clients.Options(server.Address, "key", storage, time) with
        {
            FlushAt = 3,
            FlushInterval = TimeSpan.FromSeconds(30),
        });

        client.Track("a");
        client.Track("b");
        client.Track("c");
        await Eventually.TrueAsync(() => client.Stats.Delivered == 3, "three queued events triggered an upload");

        client.Track("timer");
        time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => client.Stats.Delivered == 4, "the foreground timer triggered an upload");

        client.Track("background");
        client.OnBackground();
        await Eventually.TrueAsync(() => client.Stats.Delivered == 5, "going to the background triggered an upload");

        Assert.Equal(3, server.Received.Count);
        Assert.All(server.Received, b => Assert.NotNull(b.SentAt));
    }
}
