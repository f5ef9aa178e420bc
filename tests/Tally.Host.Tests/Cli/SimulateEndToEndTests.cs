using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Tally.Core.Views;
using Tally.Host.Tests.Crash;
using Tally.Store.Sqlite;
using Tally.Views.Exact;
using Xunit.Abstractions;

namespace Tally.Host.Tests.Cli;

/// <summary>
/// <c>tally simulate</c> (in the test process, as a user runs it) against the real <c>tally up</c>
/// (a child process): every event the simulated devices' SDKs had acknowledged is in the log, the
/// archive holds each logged event once, and the batch views of the two closed days of history hold
/// exactly the values of the unique events.
/// </summary>
public sealed partial class SimulateEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private const int Devices = 30;
    private const int Days = 2;

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    /// <summary>The archiver flushes often and the batch looks often, so the test waits little for either.</summary>
    private static readonly Dictionary<string, string> Fast = new()
    {
        ["TALLY__ARCHIVE__FLUSHINTERVAL"] = "00:00:00.200",
        ["TALLY__ARCHIVE__FETCHMAXWAIT"] = "00:00:00.100",
        ["TALLY__BATCH__POLLINTERVAL"] = "00:00:00.500",
    };

    private readonly TempDataDirectory _dataDir = new();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Acknowledged_events_are_logged_archived_once_and_batched_exactly()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var app = await TestApps.CreateAsync(_dataDir.Path, "Simulated weather");

        // 1. Simulate against tally up, its batch held back (a grace period longer than the window):
        //    the batch must see the archive whole, not run while the history still arrives.
        HistorySent sent;
        await using (var tally = await TallyProcess.StartAsync(_dataDir.Path, output, deadline.Token,
            new Dictionary<string, string>(Fast) { ["TALLY__BATCH__GRACEPERIOD"] = "3.00:00:00" }))
        {
            var simulate = await CliRunner.RunAsync(
                "simulate", "--url", tally.BaseAddress.ToString(), "--write-key", app.WriteKey, "--app", "weather",
                "--devices", Devices.ToString(CultureInfo.InvariantCulture), "--days", Days.ToString(CultureInfo.InvariantCulture),
                "--seed", "11", "--concurrency", "8", "--state", Path.Combine(_dataDir.Path, "devices"));
            output.WriteLine(simulate.Output);
            Assert.True(simulate.ExitCode == 0, simulate.Error);
            sent = HistorySent.Parse(simulate.Output);
            Assert.Equal(sent.Enqueued, sent.Acknowledged);
            Assert.Equal(0, await tally.StopAsync(deadline.Token));
        }

        // 2. The log holds every acknowledged event: each event the devices enqueued, once or more.
        var (logged, _) = await LogContents.ReadAsync(_dataDir.Path, deadline.Token);
        var unique = ExactViews.Unique(logged);
        output.WriteLine($"{sent.Acknowledged} events acknowledged; the log holds {logged.Count}, {unique.Count} unique");
        Assert.True(logged.Count >= sent.Acknowledged, $"The collector acknowledged {sent.Acknowledged} events, the log holds {logged.Count}.");
        Assert.Equal(sent.Enqueued, unique.Count);
        Assert.All(unique, e => Assert.Equal(app.AppId, e.AppId));
        Assert.All(unique, e => Assert.NotNull(e.Context.Country));
        Assert.True(unique.Select(e => e.Context.Country).Distinct().Count() > 1, "Every simulated device is in the same country.");

        // 3. Restart with the batch free to run: the archive holds each logged event once, then the closed days are batched.
        var store = new SqliteViewStore(SqliteDatabase.InDataDirectory(_dataDir.Path));
        await using (var tally = await TallyProcess.StartAsync(_dataDir.Path, output, deadline.Token,
            new Dictionary<string, string>(Fast) { ["TALLY__BATCH__GRACEPERIOD"] = "00:00:00" }))
        {
            var archived = await ArchiveContents.WaitForAsync(_dataDir.Path, logged.Count, deadline.Token);
            Assert.Equal(Sorted(logged.Select(e => e.MessageId)), Sorted(archived.Select(a => a.Event.MessageId)));
            Assert.Equal(archived.Count, archived.Select(a => (a.LogPartition, a.LogOffset, a.Event.MessageId)).Distinct().Count());

            // The history's days before the simulation's today (closed even if midnight has passed since).
            var closedDays = Enumerable.Range(0, Days).Select(sent.FirstDay.AddDays).ToList();
            await BatchViews.WaitForDaysAsync(store, closedDays, deadline.Token);
            var from = new DateTimeOffset(closedDays[0].ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            await BatchViews.AssertExactAsync(store, app.AppId, unique, from, from.AddDays(Days), deadline.Token);
            Assert.Equal(0, await tally.StopAsync(deadline.Token));
        }
    }

    private static List<string> Sorted(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dataDir.Dispose();
    }

    /// <summary>The simulator's counters as its "History sent:" line prints them.</summary>
    private sealed record HistorySent(DateOnly FirstDay, long Enqueued, long Acknowledged)
    {
        public static HistorySent Parse(string output)
        {
            var start = StartLine().Match(output);
            var match = HistoryLine().Match(output);
            Assert.True(start.Success && match.Success, $"No \"Simulating\" or \"History sent\" line in:{Environment.NewLine}{output}");
            return new HistorySent(
                DateOnly.ParseExact(start.Groups["first"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Number(match.Groups["enqueued"].Value), Number(match.Groups["acknowledged"].Value));
        }

        private static long Number(string text) => long.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^Simulating .* from (?<first>\d{4}-\d{2}-\d{2}) to now", RegexOptions.Multiline)]
    private static partial Regex StartLine();

    [GeneratedRegex(@"^History sent: [\d,]+ sessions, (?<enqueued>[\d,]+) events, (?<acknowledged>[\d,]+) acknowledged in", RegexOptions.Multiline)]
    private static partial Regex HistoryLine();
}
