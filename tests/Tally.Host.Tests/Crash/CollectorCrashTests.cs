using System.Diagnostics;
using Xunit.Abstractions;

namespace Tally.Host.Tests.Crash;

/// <summary>
/// "Acknowledged = durable" end to end: the real <c>tally up</c> takes batches from concurrent
/// senders and is killed with SIGKILL in the middle of them, several times; it recovers its log on the next
/// start. Afterwards every event answered 200 is in the log exactly once.
/// </summary>
public sealed class CollectorCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Senders = 16;
    private const int EventsPerBatch = 20;
    private const int AcknowledgedBeforeEachKill = 3_000;
    private const int Kills = 3;
    private const int BatchesAfterRecovery = 5;

    // Generous for a loaded 2-core machine; a healthy run takes a small fraction of it.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private readonly TempDataDirectory _dataDir = new();

    [Fact]
    public async Task Every_acknowledged_event_survives_SIGKILL_of_tally_up_exactly_once()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var started = Stopwatch.StartNew();
        var app = await TestApps.CreateAsync(_dataDir.Path, "Crash test");
        var load = new BatchLoad(app.WriteKey, EventsPerBatch);

        for (int kill = 1; kill <= Kills; kill++)
        {
            // 1. Start tally up (from the second round on it recovers what the kill left);
            // 2. send under load; 3. SIGKILL it while batches are in flight.
            await using var tally = await TallyProcess.StartAsync(_dataDir.Path, output, deadline.Token);
            await load.RunUntilKilledAsync(tally, Senders, AcknowledgedBeforeEachKill, deadline.Token);
        }

        // 4. Recover once more, take new batches, stop cleanly.
        await using (var tally = await TallyProcess.StartAsync(_dataDir.Path, output, deadline.Token))
        {
            for (int i = 0; i < BatchesAfterRecovery; i++)
            {
                await load.SendAcknowledgedAsync(tally, deadline.Token);
            }
            Assert.Equal(0, await tally.StopAsync(deadline.Token));
        }

        // 5. The log opens (nothing corrupt is left) and holds every acknowledged event once.
        var events = await LogContents.ReadEventsAsync(_dataDir.Path, deadline.Token);
        output.WriteLine(
            $"{load.Acknowledged.Count} of {load.Sent.Count} sent events acknowledged; the log holds {events.Count}; {started.Elapsed.TotalSeconds:F1} s");
        Assert.All(events, e => Assert.Equal(app.AppId, e.AppId));
        var duplicates = events.GroupBy(e => e.MessageId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{duplicates.Count} message ids are in the log more than once, e.g. {string.Join(", ", duplicates.Take(5))}");
        var logged = events.Select(e => e.MessageId).ToHashSet(StringComparer.Ordinal);
        var missing = load.Acknowledged.Where(id => !logged.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged events are missing, e.g. {string.Join(", ", missing.Order().Take(5))}");
        var strangers = logged.Except(load.Sent).ToList();
        Assert.True(strangers.Count == 0, $"{strangers.Count} events in the log were never sent, e.g. {string.Join(", ", strangers.Take(5))}");
    }

    public void Dispose() => _dataDir.Dispose();
}
