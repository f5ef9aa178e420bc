using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tally.Core.Views;
using Tally.Store.Sqlite;
using Tally.Views.Exact;
using Xunit.Abstractions;

namespace Tally.Host.Tests.Crash;

/// <summary>
/// The archive and the batch layer end to end: the real <c>tally up</c> (every role, the archiver
/// flushing every 200 ms) is killed with SIGKILL at random points while events of two days ago flow.
/// After a restart, the archive holds every logged record exactly once (duplicate sends included,
/// as the log holds them), and the batch layer's views of those closed days equal the exact values:
/// counts, sessions, new users and distinct users exactly.
/// </summary>
public sealed class ArchiveCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Senders = 8;
    private const int EventsPerBatch = 20;
    private const int DaysBack = 2;

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["TALLY__ARCHIVE__FLUSHINTERVAL"] = "00:00:00.200",
        ["TALLY__ARCHIVE__FETCHMAXWAIT"] = "00:00:00.100",
        ["TALLY__BATCH__POLLINTERVAL"] = "00:00:00.500",
    };

    private readonly TempDataDirectory _dataDir = new();

    [Fact]
    public async Task Archive_and_batch_views_hold_every_logged_event_exactly_once_after_SIGKILLs_of_tally_up()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var started = Stopwatch.StartNew();
        var random = new Random(Environment.TickCount);
        var app = await TestApps.CreateAsync(_dataDir.Path, "Archive crash");
        var load = new BatchLoad(new SpeedTraffic([app.WriteKey], EventsPerBatch, DaysBack).Next);

        // 1. Send under load and SIGKILL at random points.
        for (int round = 0; round < 3; round++)
        {
            await using var tally = await TallyProcess.StartAsync(_dataDir.Path, output, deadline.Token, Settings);
            await load.RunUntilKilledAsync(tally, Senders, random.Next(1_000, 4_001), deadline.Token);
        }
        var (logged, _) = await LogContents.ReadAsync(_dataDir.Path, deadline.Token);
        var unique = ExactViews.Unique(logged);
        output.WriteLine($"{load.Acknowledged.Count} events acknowledged; the log holds {logged.Count}, {unique.Count} unique");
        Assert.True(logged.Count > unique.Count, "No message id reached the log twice: the duplicates were not exercised.");

        // 2. Restart; wait for the archive to hold as many events as the log, then for the batch.
        var store = new SqliteViewStore(SqliteDatabase.InDataDirectory(_dataDir.Path));
        await using (var tally = await TallyProcess.StartAsync(_dataDir.Path, output, deadline.Token, Settings))
        {
            var archived = await ArchiveContents.WaitForAsync(_dataDir.Path, logged.Count, deadline.Token);
            Assert.Equal(Sorted(logged.Select(e => e.MessageId)), Sorted(archived.Select(a => a.Event.MessageId)));
            Assert.Equal(archived.Count, archived.Select(a => (a.LogPartition, a.LogOffset, a.Event.MessageId)).Distinct().Count());
            output.WriteLine($"archive complete after {started.Elapsed.TotalSeconds:F1} s");

            var days = unique.Select(e => DateOnly.FromDateTime(e.EventTime.UtcDateTime)).Distinct().ToList();
            await BatchViews.WaitForDaysAsync(store, days, deadline.Token);
            output.WriteLine($"batch complete after {started.Elapsed.TotalSeconds:F1} s");

            var hours = unique.Where(e => e.AppId == app.AppId).Select(e => ViewKey.BucketOf(e.EventTime, BucketSize.Hour)).ToList();
            await BatchViews.AssertExactAsync(store, app.AppId, unique, hours.Min().AddDays(-1), hours.Max().AddDays(1), deadline.Token);
            Assert.Equal(0, await tally.StopAsync(deadline.Token));
        }
    }

    private static List<string> Sorted(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dataDir.Dispose();
    }
}
