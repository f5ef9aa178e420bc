using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Views;

namespace Tally.Batch.Tests;

public sealed class BatchRunnerTests
{
    private static readonly DateOnly Day0 = BatchTraffic.Day0;

    [Fact]
    public async Task Running_a_day_twice_gives_identical_cells()
    {
        var traffic = BatchTraffic.Create(seed: 3, tidy: false);
        using var rig = await BatchRig.CreateAsync();
        await rig.Archive.ArchiveAsync(traffic.Archived);
        await rig.Runner.RunDueAsync(CancellationToken.None);
        var first = await rig.ReadAllAsync(BatchTraffic.Apps);

        await rig.Runner.RunRangeAsync(Day0, Day0.AddDays(2), appId: null, CancellationToken.None);
        var second = await rig.ReadAllAsync(BatchTraffic.Apps);

        Assert.NotEmpty(first);
        Assert.Equal(Flatten(first), Flatten(second));
    }

    [Fact]
    public async Task A_late_event_re_batches_its_day()
    {
        using var rig = await BatchRig.CreateAsync();
        await rig.Archive.ArchiveAsync([Track("app-a", "u1", "m1", Hour(0, 9))]);
        Assert.Equal(1, await rig.Runner.RunDueAsync(CancellationToken.None));

        await rig.Archive.ArchiveAsync([Track("app-a", "u2", "m2", Hour(0, 9))]);
        var dirty = await rig.Store.LoadBatchProgressAsync();
        Assert.True(Assert.Single(dirty.Days).NeedsBatch);
        Assert.Equal(1, await rig.Runner.RunDueAsync(CancellationToken.None));

        Assert.Equal(2, await DayValueAsync(rig, "app-a", Metrics.ActiveUsers.Name, Day0));
        Assert.False(Assert.Single((await rig.Store.LoadBatchProgressAsync()).Days).NeedsBatch);
        Assert.Equal(0, await rig.Runner.RunDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_user_found_on_an_earlier_day_later_stops_being_new_on_the_later_day()
    {
        using var rig = await BatchRig.CreateAsync();
        await rig.Archive.ArchiveAsync([Track("app-a", "u1", "m1", Hour(3, 10))]);
        await rig.Runner.RunDueAsync(CancellationToken.None);
        Assert.Equal(1, await DayValueAsync(rig, "app-a", Metrics.NewUsers.Name, Day0.AddDays(3)));

        // Day 0's events arrive late: the user was new then, and day 3 is dirty because of it.
        await rig.Archive.ArchiveAsync([Track("app-a", "u1", "m0", Hour(0, 8))]);
        Assert.Equal(1, await rig.Runner.RunDueAsync(CancellationToken.None));
        Assert.Equal(1, await rig.Runner.RunDueAsync(CancellationToken.None));

        Assert.Equal(1, await DayValueAsync(rig, "app-a", Metrics.NewUsers.Name, Day0));
        Assert.Null(await DayValueAsync(rig, "app-a", Metrics.NewUsers.Name, Day0.AddDays(3)));
        var seen = await rig.Store.ReadFirstSeenAsync("app-a", ["u1"]);
        Assert.Equal(Hour(0, 8), seen["u1"]);
        // Day 3 now retains day 0's cohort.
        var retention = await rig.Store.ReadBatchAsync(new ViewQuery("app-a", Retention.MetricName, Retention.KeyOf(3), Dimension.TotalName,
            BucketSize.Day, Start(Day0), Start(Day0.AddDays(1))));
        Assert.Equal(1, Assert.Single(retention).Value);
    }

    [Fact]
    public async Task Backfilling_one_app_leaves_other_apps_and_the_day_state_alone()
    {
        using var rig = await BatchRig.CreateAsync();
        await rig.Archive.ArchiveAsync([Track("app-a", "u1", "m1", Hour(0, 9)), Track("app-b", "u1", "m2", Hour(0, 9))]);
        await rig.Runner.RunDueAsync(CancellationToken.None);
        await rig.Archive.ArchiveAsync([Track("app-a", "u2", "m3", Hour(0, 9)), Track("app-b", "u2", "m4", Hour(0, 9))]);

        await rig.Runner.RunRangeAsync(Day0, Day0, "app-a", CancellationToken.None);

        Assert.Equal(2, await DayValueAsync(rig, "app-a", Metrics.ActiveUsers.Name, Day0));
        Assert.Equal(1, await DayValueAsync(rig, "app-b", Metrics.ActiveUsers.Name, Day0));
        Assert.True(Assert.Single((await rig.Store.LoadBatchProgressAsync()).Days).NeedsBatch);
    }

    [Fact]
    public async Task A_day_is_batched_only_once_closed_including_the_grace_period()
    {
        using var rig = await BatchRig.CreateAsync(new BatchOptions { GracePeriod = TimeSpan.FromHours(1) });
        await rig.Archive.ArchiveAsync([Track("app-a", "u1", "m1", Hour(0, 9)), Track("app-a", "u1", "m2", Hour(1, 9))]);

        rig.Clock.Now = Start(Day0.AddDays(1)).AddMinutes(59);
        Assert.Equal(0, await rig.Runner.RunDueAsync(CancellationToken.None));
        Assert.Null((await rig.Store.LoadBatchProgressAsync()).Watermark);

        rig.Clock.Now = Start(Day0.AddDays(1)).AddHours(1);
        Assert.Equal(1, await rig.Runner.RunDueAsync(CancellationToken.None));

        // Day 1 is archived but open: the watermark stops there.
        var progress = await rig.Store.LoadBatchProgressAsync();
        Assert.Equal(Day0.AddDays(1), progress.Watermark);
        Assert.Equal([false, true], progress.Days.Select(d => d.NeedsBatch));
    }

    [Fact]
    public async Task The_watermark_moves_past_days_without_events_to_the_first_open_day()
    {
        using var rig = await BatchRig.CreateAsync();
        await rig.Archive.ArchiveAsync([Track("app-a", "u1", "m1", Hour(0, 9)), Track("app-a", "u1", "m2", Hour(5, 9))]);
        rig.Clock.Now = Start(Day0.AddDays(8)).AddHours(12);

        Assert.Equal(2, await rig.Runner.RunDueAsync(CancellationToken.None));

        Assert.Equal(Day0.AddDays(8), (await rig.Store.LoadBatchProgressAsync()).Watermark);
    }

    [Fact]
    public async Task Re_batching_dirty_days_keeps_the_watermark_and_batches_a_new_day()
    {
        using var rig = await BatchRig.CreateAsync();
        await rig.Archive.ArchiveAsync([Track("app-a", "u1", "m1", Hour(0, 9)), Track("app-a", "u1", "m2", Hour(2, 9))]);
        await rig.Runner.RunDueAsync(CancellationToken.None);
        var firstOpen = DateOnly.FromDateTime(rig.Clock.Now.AddHours(-1).UtcDateTime);
        Assert.Equal(firstOpen, (await rig.Store.LoadBatchProgressAsync()).Watermark);

        // A late event for day 0 and the first one of day 1, both closed.
        await rig.Archive.ArchiveAsync([Track("app-a", "u2", "m3", Hour(0, 10)), Track("app-a", "u2", "m4", Hour(1, 10))]);
        Assert.Equal(2, await rig.Runner.RunDueAsync(CancellationToken.None));

        var progress = await rig.Store.LoadBatchProgressAsync();
        Assert.Equal(firstOpen, progress.Watermark);
        Assert.All(progress.Days, d => Assert.False(d.NeedsBatch));
        Assert.Equal(2, await DayValueAsync(rig, "app-a", Metrics.NewUsers.Name, Day0));
        Assert.Equal(1, await DayValueAsync(rig, "app-a", Metrics.ActiveUsers.Name, Day0.AddDays(1)));
        Assert.Null(await DayValueAsync(rig, "app-a", Metrics.NewUsers.Name, Day0.AddDays(1)));
    }

    [Fact]
    public async Task A_runner_that_lost_its_day_to_a_backfill_does_not_overwrite_it()
    {
        using var rig = await BatchRig.CreateAsync();
        await rig.Archive.ArchiveAsync([Track("app-a", "u1", "m1", Hour(0, 9))]);
        // Stalls after reading day 0 (one user), before reading the day after.
        var archive = new GatedArchive(rig.Archive, Day0.AddDays(1));
        var stalled = new BatchRunner(rig.Store, archive, rig.Clock, new BatchOptions());
        var stalledRun = stalled.RunDueAsync(CancellationToken.None);
        await archive.Reached.Task;

        await rig.Archive.ArchiveAsync([Track("app-a", "u2", "m2", Hour(0, 10))]);
        await rig.Runner.RunRangeAsync(Day0, Day0, appId: null, CancellationToken.None);
        archive.Gate.SetResult();

        Assert.Equal(0, await stalledRun);
        Assert.Equal(2, await DayValueAsync(rig, "app-a", Metrics.ActiveUsers.Name, Day0));
        Assert.False(Assert.Single((await rig.Store.LoadBatchProgressAsync()).Days).NeedsBatch);
    }

    [Fact]
    public async Task A_runner_skips_a_day_another_runner_holds()
    {
        using var rig = await BatchRig.CreateAsync();
        await rig.Archive.ArchiveAsync([Track("app-a", "u1", "m1", Hour(0, 9)), Track("app-a", "u1", "m2", Hour(1, 9))]);
        var held = await rig.Store.TryClaimDayAsync(Day0, "other-runner", TimeSpan.FromMinutes(10));

        Assert.Equal(1, await rig.Runner.RunDueAsync(CancellationToken.None));

        var progress = await rig.Store.LoadBatchProgressAsync();
        Assert.Equal([true, false], progress.Days.Select(d => d.NeedsBatch));
        Assert.Equal(Day0, progress.Watermark);
        Assert.NotNull(await rig.Store.RenewAsync(held!, TimeSpan.FromMinutes(10)));
    }

    private static List<string> Flatten(Dictionary<ViewKey, ViewCell> cells) =>
        [.. cells.Values.Select(c => $"{c.Key} {c.Value} {Convert.ToHexString(c.Sketch.Span)}").Order(StringComparer.Ordinal)];

    private static async Task<double?> DayValueAsync(BatchRig rig, string app, string metric, DateOnly day)
    {
        var query = new ViewQuery(app, metric, null, Dimension.TotalName, BucketSize.Day, Start(day), Start(day.AddDays(1)));
        var cells = await rig.Store.ReadBatchAsync(query);
        return cells.Count == 0 ? null : Assert.Single(cells).Value;
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateTimeOffset Hour(int day, int hour) => Start(Day0.AddDays(day)).AddHours(hour);

    internal static TallyEvent Track(string app, string user, string messageId, DateTimeOffset time, string properties = "{}") => new()
    {
        Type = EventType.Track,
        AppId = app,
        MessageId = messageId,
        AnonymousId = user,
        Event = "Purchase",
        ReceivedAt = time,
        EventTime = time,
        Properties = System.Text.Encoding.UTF8.GetBytes(properties),
    };
}
