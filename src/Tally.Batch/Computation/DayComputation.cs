using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Batch.Computation;

/// <summary>
/// Computes one UTC day exactly from the archive: every stored metric's hour and day cells, the
/// users first seen on the day, and the retention the day contributes to earlier cohorts. Reads the
/// day and its two neighbours (sessions that cross midnight are measured whole and counted on the
/// day they start) and the first-seen table. Holds the day in memory; not thread-safe per call.
/// </summary>
public sealed class DayComputation
{
    private readonly IArchiveDaySource _archive;
    private readonly IViewStore _viewStore;
    private readonly BatchOptions _options;
    private readonly IReadOnlyList<MetricDefinition> _metrics;

    public DayComputation(IArchiveDaySource archive, IViewStore viewStore, BatchOptions options)
        : this(archive, viewStore, options, Metrics.Stored)
    {
    }

    /// <param name="metrics">
    /// The metrics to compute instead of every stored one: for benchmarks that compare a subset of the
    /// work with another engine. A commit of a subset would drop the other metrics' cells of the day.
    /// </param>
    internal DayComputation(IArchiveDaySource archive, IViewStore viewStore, BatchOptions options, IReadOnlyList<MetricDefinition> metrics)
    {
        _archive = archive;
        _viewStore = viewStore;
        _options = options;
        _metrics = metrics;
    }

    /// <param name="appId">The one app to compute (backfill), or null for every app.</param>
    /// <param name="archiveVersion">The day's archive version read before the computation started.</param>
    public async Task<ComputedDay> ComputeAsync(DateOnly day, string? appId, long archiveVersion, CancellationToken cancellationToken)
    {
        var window = new DayWindow(day, appId);
        for (int offset = -1; offset <= 1; offset++)
        {
            await foreach (var columns in _archive.ReadDayAsync(day.AddDays(offset), cancellationToken))
            {
                window.Add(columns);
            }
        }
        var timelines = UserTimelines.Derive(window);
        var stored = await ReadFirstSeenAsync(window, timelines, cancellationToken);

        var cells = new CellTable(_metrics);
        // Choosing property cells reads every event's properties: skipped when no metric breaks down by them.
        var properties = _metrics.Any(m => m.BreaksDownByProperties) ? PropertyCells.Select(window, _options) : PropertyCells.None(window);
        var folder = new FactFolder(_metrics, window, properties, cells);
        int eventsOnDay = FoldEvents(window, folder);
        foreach (var (row, length) in timelines.Sessions)
        {
            folder.Fold(Fact.ForSession(window.EventAt(row)!, TimeSpan.FromTicks(length)), row);
        }
        var users = FoldUsers(window, timelines, stored, folder);

        var viewCells = cells.ToCells(window, UserHashes(window));
        viewCells.AddRange(users.RetentionCells);
        var commit = new BatchCommit(day, appId, viewCells, users.FirstSeen, archiveVersion);
        return new ComputedDay(commit, window.EventsRead, eventsOnDay);
    }

    private static int FoldEvents(DayWindow window, FactFolder folder)
    {
        int count = 0;
        for (int row = 0; row < window.RowCount; row++)
        {
            if (window.EventAt(row) is { } e)
            {
                folder.Fold(Fact.ForEvent(e), row);
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// New users (no event the day before, none recorded earlier than their first on the day), the
    /// first-seen times to record, and each active user's retention of their cohort day.
    /// </summary>
    private static (List<FirstSeen> FirstSeen, List<ViewCell> RetentionCells) FoldUsers(
        DayWindow window, UserTimelines timelines, Dictionary<int, DateTimeOffset> stored, FactFolder folder)
    {
        var firstSeen = new List<FirstSeen>();
        var retained = new Dictionary<(int App, int Days), int>();
        for (int user = 0; user < timelines.FirstRowOnDay.Length; user++)
        {
            int row = timelines.FirstRowOnDay[user];
            if (row < 0)
            {
                continue;
            }
            var first = window.EventAt(row)!;
            // The store keeps milliseconds: compare at that precision, so a re-run finds its own record equal.
            long firstMs = first.EventTime.ToUnixTimeMilliseconds();
            long? storedMs = stored.TryGetValue(user, out var time) ? time.ToUnixTimeMilliseconds() : null;
            if (!timelines.ActiveDayBefore[user] && (storedMs is null || storedMs >= firstMs))
            {
                folder.Fold(Fact.ForNewUser(first), row);
                if (storedMs is null || storedMs > firstMs)
                {
                    firstSeen.Add(new FirstSeen(first.AppId, first.User, first.EventTime));
                }
                continue;
            }
            long cohortOffset = timelines.ActiveDayBefore[user] ? -1 : 0;
            if (storedMs is { } ms)
            {
                cohortOffset = Math.Min(cohortOffset, window.DayOffsetOf(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcTicks));
            }
            if (cohortOffset is < 0 and >= -Retention.MaxDays)
            {
                var key = (window.UserKeys[user].App, (int)-cohortOffset);
                retained[key] = retained.GetValueOrDefault(key) + 1;
            }
        }
        return (firstSeen, RetentionCells(window, retained));
    }

    private static List<ViewCell> RetentionCells(DayWindow window, Dictionary<(int App, int Days), int> retained) =>
    [
        .. retained.Select(r => new ViewCell(
            new ViewKey(window.Strings[r.Key.App], Retention.MetricName, Retention.KeyOf(r.Key.Days), Dimension.TotalName,
                Dimension.TotalValue, BucketSize.Day, window.DayStart.AddDays(-r.Key.Days)),
            r.Value)),
    ];

    /// <summary>The recorded first-seen times of the users active on the day, by user key.</summary>
    private async Task<Dictionary<int, DateTimeOffset>> ReadFirstSeenAsync(DayWindow window, UserTimelines timelines, CancellationToken cancellationToken)
    {
        var byApp = new Dictionary<int, List<int>>();
        for (int user = 0; user < timelines.FirstRowOnDay.Length; user++)
        {
            if (timelines.FirstRowOnDay[user] >= 0)
            {
                int app = window.UserKeys[user].App;
                if (!byApp.TryGetValue(app, out var users))
                {
                    byApp.Add(app, users = []);
                }
                users.Add(user);
            }
        }
        var result = new Dictionary<int, DateTimeOffset>();
        foreach (var (app, users) in byApp)
        {
            var names = users.ConvertAll(u => window.Strings[window.UserKeys[u].User]);
            var seen = await _viewStore.ReadFirstSeenAsync(window.Strings[app], names, cancellationToken);
            for (int i = 0; i < users.Count; i++)
            {
                if (seen.TryGetValue(names[i], out var time))
                {
                    result.Add(users[i], time);
                }
            }
        }
        return result;
    }

    private static Func<int, long> UserHashes(DayWindow window)
    {
        var hashes = new long[window.UserKeys.Count];
        for (int user = 0; user < hashes.Length; user++)
        {
            hashes[user] = HyperLogLog.HashOf(window.Strings[window.UserKeys[user].User]);
        }
        return user => hashes[user];
    }
}

/// <summary>A computed day: the commit, and what it read.</summary>
/// <param name="EventsRead">Archived events read over the three days, duplicates included.</param>
/// <param name="EventsOnDay">Unique events of the day computed.</param>
public sealed record ComputedDay(BatchCommit Commit, long EventsRead, int EventsOnDay);
