using Tally.Core.Metrics;
using Tally.Core.Views;

namespace Tally.Views.Contract;

// The batch layer's part of the contract.
public abstract partial class ViewStoreContractTests
{
    // A property, not a field: static fields of partial class files initialise in no guaranteed order.
    private static DateOnly Day0 => DateOnly.FromDateTime(Hour0.UtcDateTime);

    private static ViewCell DayCell(string metric, DateOnly day, double value, string app = "app_a") =>
        new(new ViewKey(app, metric, Dimension.TotalValue, Dimension.TotalName, Dimension.TotalValue, BucketSize.Day, Start(day)), value);

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static ViewQuery DayQuery(string metric, string app = "app_a") =>
        new(app, metric, null, Dimension.TotalName, BucketSize.Day, Start(Day0.AddDays(-40)), Start(Day0.AddDays(40)));

    [Fact]
    public async Task An_empty_store_has_no_archived_days_and_no_watermark()
    {
        var store = await CreateStoreAsync();

        var progress = await store.LoadBatchProgressAsync();

        Assert.Empty(progress.Days);
        Assert.Null(progress.Watermark);
        Assert.Empty(await store.ReadBatchAsync(DayQuery(Metrics.Sessions.Name)));
    }

    [Fact]
    public async Task Archiving_a_day_again_makes_it_need_a_batch_again()
    {
        var store = await CreateStoreAsync();
        await store.MarkArchivedAsync([Day0, Day0.AddDays(1)]);
        await store.CommitBatchAsync(new BatchCommit(Day0, null, [], [], ArchiveVersion: 1));

        var batched = await store.LoadBatchProgressAsync();
        await store.MarkArchivedAsync([Day0]);
        var dirty = await store.LoadBatchProgressAsync();

        Assert.Equal([false, true], batched.Days.Select(d => d.NeedsBatch));
        Assert.Equal([Day0, Day0.AddDays(1)], dirty.Days.Select(d => d.Day));
        Assert.Equal([true, true], dirty.Days.Select(d => d.NeedsBatch));
    }

    [Fact]
    public async Task A_batch_that_read_an_older_version_leaves_the_day_dirty()
    {
        var store = await CreateStoreAsync();
        await store.MarkArchivedAsync([Day0]);
        await store.MarkArchivedAsync([Day0]);

        await store.CommitBatchAsync(new BatchCommit(Day0, null, [], [], ArchiveVersion: 1));

        Assert.True(Assert.Single((await store.LoadBatchProgressAsync()).Days).NeedsBatch);
    }

    [Fact]
    public async Task A_day_commit_replaces_only_the_cells_that_day_produced()
    {
        var store = await CreateStoreAsync();
        var sessions = Metrics.Sessions.Name;
        await store.CommitBatchAsync(new BatchCommit(Day0, null, [DayCell(sessions, Day0, 5), DayCell(sessions, Day0, 2, app: "app_b")], [], 1));
        await store.CommitBatchAsync(new BatchCommit(Day0.AddDays(1), null, [DayCell(sessions, Day0.AddDays(1), 7)], [], 1));

        await store.CommitBatchAsync(new BatchCommit(Day0, null, [DayCell(sessions, Day0, 6)], [], 2));

        Assert.Equal([6.0, 7.0], (await store.ReadBatchAsync(DayQuery(sessions))).Select(c => c.Value));
        Assert.Empty(await store.ReadBatchAsync(DayQuery(sessions, app: "app_b")));
    }

    [Fact]
    public async Task A_one_app_commit_leaves_other_apps_and_the_day_state_alone()
    {
        var store = await CreateStoreAsync();
        var sessions = Metrics.Sessions.Name;
        await store.MarkArchivedAsync([Day0]);
        await store.CommitBatchAsync(new BatchCommit(Day0, null, [DayCell(sessions, Day0, 5), DayCell(sessions, Day0, 2, app: "app_b")], [], 1));
        await store.MarkArchivedAsync([Day0]);

        await store.CommitBatchAsync(new BatchCommit(Day0, "app_b", [DayCell(sessions, Day0, 3, app: "app_b")], [], 2));

        Assert.Equal([5.0], (await store.ReadBatchAsync(DayQuery(sessions))).Select(c => c.Value));
        Assert.Equal([3.0], (await store.ReadBatchAsync(DayQuery(sessions, app: "app_b"))).Select(c => c.Value));
        Assert.True(Assert.Single((await store.LoadBatchProgressAsync()).Days).NeedsBatch);
    }

    [Fact]
    public async Task A_one_app_commit_refuses_cells_of_another_app()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.CommitBatchAsync(new BatchCommit(Day0, "app_b", [DayCell(Metrics.Sessions.Name, Day0, 3, app: "app_a")], [], 1)));
    }

    [Fact]
    public async Task First_seen_keeps_the_earliest_time_and_dirties_the_day_a_user_is_no_longer_new_on()
    {
        var store = await CreateStoreAsync();
        var later = Day0.AddDays(3);
        await store.MarkArchivedAsync([Day0, later]);
        await store.CommitBatchAsync(new BatchCommit(later, null, [], [new FirstSeen("app_a", "u1", Start(later).AddHours(5))], 1));

        await store.CommitBatchAsync(new BatchCommit(Day0, null, [],
            [new FirstSeen("app_a", "u1", Start(Day0).AddHours(2)), new FirstSeen("app_a", "u2", Start(Day0).AddHours(3))], 1));
        await store.CommitBatchAsync(new BatchCommit(later, null, [], [new FirstSeen("app_a", "u1", Start(later).AddHours(1))], 1));

        var seen = await store.ReadFirstSeenAsync("app_a", ["u1", "u2", "u3"]);
        Assert.Equal(new Dictionary<string, DateTimeOffset> { ["u1"] = Start(Day0).AddHours(2), ["u2"] = Start(Day0).AddHours(3) }, seen);
        Assert.Empty(await store.ReadFirstSeenAsync("app_b", ["u1"]));
        var days = (await store.LoadBatchProgressAsync()).Days;
        Assert.Equal([false, true], days.Select(d => d.NeedsBatch));
    }

    [Fact]
    public async Task A_day_that_counted_a_user_an_earlier_day_has_since_claimed_needs_a_batch_again()
    {
        var store = await CreateStoreAsync();
        var later = Day0.AddDays(2);
        await store.MarkArchivedAsync([Day0, later]);
        // Two workers: the later day read no first-seen time for u1, then the earlier day committed first.
        await store.CommitBatchAsync(new BatchCommit(Day0, null, [], [new FirstSeen("app_a", "u1", Start(Day0).AddHours(2))], 1));

        await store.CommitBatchAsync(new BatchCommit(later, null, [], [new FirstSeen("app_a", "u1", Start(later).AddHours(1))], 1));

        Assert.Equal(Start(Day0).AddHours(2), (await store.ReadFirstSeenAsync("app_a", ["u1"]))["u1"]);
        Assert.Equal([false, true], (await store.LoadBatchProgressAsync()).Days.Select(d => d.NeedsBatch));
    }

    [Fact]
    public async Task First_seen_lookups_handle_more_users_than_one_statement_takes()
    {
        var store = await CreateStoreAsync();
        var users = Enumerable.Range(0, 2_000).Select(i => $"user-{i}").ToList();
        await store.CommitBatchAsync(new BatchCommit(Day0, null, [], [.. users.Select(u => new FirstSeen("app_a", u, Start(Day0)))], 1));

        var seen = await store.ReadFirstSeenAsync("app_a", [.. users, "stranger"]);

        Assert.Equal(users.Count, seen.Count);
    }

    [Fact]
    public async Task The_watermark_only_moves_forward()
    {
        var store = await CreateStoreAsync();
        await store.CommitBatchAsync(new BatchCommit(Day0, null, [], [], 1, Watermark: Day0.AddDays(1)));
        await store.CommitBatchAsync(new BatchCommit(Day0.AddDays(-5), null, [], [], 1, Watermark: Day0.AddDays(-4)));

        Assert.Equal(Day0.AddDays(1), (await store.LoadBatchProgressAsync()).Watermark);
    }

    [Fact]
    public async Task Batch_and_speed_cells_of_the_same_key_are_kept_apart()
    {
        var store = await CreateStoreAsync();
        var key = Key(Metrics.Sessions.Name, Hour0);
        await store.CommitSpeedAsync(Commit([Count(key, 4)]));
        await store.CommitBatchAsync(new BatchCommit(Day0, null, [Count(key, 5)], [], 1));

        Assert.Equal(4, Assert.Single(await store.ReadSpeedAsync(Query(Metrics.Sessions.Name))).Value);
        Assert.Equal(5, Assert.Single(await store.ReadBatchAsync(Query(Metrics.Sessions.Name))).Value);
    }
}
