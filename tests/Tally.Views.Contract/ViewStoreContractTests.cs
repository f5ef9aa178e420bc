using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Views.Contract;

/// <summary>
/// What every <see cref="IViewStore"/> must do. Subclass it with a factory for a fresh, empty
/// store of the implementation under test.
/// </summary>
public abstract partial class ViewStoreContractTests
{
    private static readonly DateTimeOffset Hour0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<int, StateSnapshot> NoSnapshots = [];

    /// <summary>A new, empty store that no other test uses.</summary>
    protected abstract Task<IViewStore> CreateStoreAsync();

    private static ViewKey Key(string metric, DateTimeOffset hour, string dimension = Dimension.TotalName, string value = Dimension.TotalValue,
        string key = Dimension.TotalValue, string app = "app_a") =>
        new(app, metric, key, dimension, value, BucketSize.Hour, hour);

    private static ViewCell Count(ViewKey key, double value) => new(key, value);

    private static ViewCell Users(ViewKey key, params string[] users)
    {
        var hll = HyperLogLog.Create();
        foreach (var user in users)
        {
            hll.Add(user);
        }
        return new ViewCell(key, hll.Estimate(), hll.ToBytes());
    }

    private static SpeedCommit Commit(IReadOnlyList<ViewCell> deltas, Dictionary<int, long>? offsets = null, Dictionary<int, StateSnapshot>? snapshots = null) =>
        new("speed", deltas, offsets ?? [], snapshots ?? NoSnapshots);

    private static ViewQuery Query(string metric, string dimension = Dimension.TotalName, string? key = null, string app = "app_a") =>
        new(app, metric, key, dimension, BucketSize.Hour, Hour0.AddDays(-1), Hour0.AddDays(1));

    [Fact]
    public async Task An_empty_store_has_no_checkpoint_and_no_cells()
    {
        var store = await CreateStoreAsync();

        var checkpoint = await store.LoadSpeedCheckpointAsync("speed");

        Assert.Empty(checkpoint.Offsets);
        Assert.Empty(checkpoint.Snapshots);
        Assert.Empty(await store.ReadSpeedAsync(Query("sessions")));
    }

    [Fact]
    public async Task Offsets_and_snapshots_come_back_as_committed_per_group()
    {
        var store = await CreateStoreAsync();
        await store.CommitSpeedAsync(Commit([], new() { [0] = 100, [3] = 7 }, new() { [3] = new StateSnapshot(5, new byte[] { 1, 2, 3 }) }));
        await store.CommitSpeedAsync(Commit([], new() { [0] = 250 }));
        await store.CommitSpeedAsync(new SpeedCommit("other", [], new Dictionary<int, long> { [0] = 1 }, NoSnapshots));

        var checkpoint = await store.LoadSpeedCheckpointAsync("speed");

        Assert.Equal(new Dictionary<int, long> { [0] = 250, [3] = 7 }, checkpoint.Offsets);
        var snapshot = Assert.Single(checkpoint.Snapshots);
        Assert.Equal(3, snapshot.Key);
        Assert.Equal(5, snapshot.Value.Offset);
        Assert.Equal(new byte[] { 1, 2, 3 }, snapshot.Value.State.ToArray());
    }

    [Fact]
    public async Task Count_deltas_add_up_per_cell()
    {
        var store = await CreateStoreAsync();
        var first = Key(Metrics.Sessions.Name, Hour0);
        var second = Key(Metrics.Sessions.Name, Hour0.AddHours(1));
        await store.CommitSpeedAsync(Commit([Count(first, 3), Count(second, 1)]));
        await store.CommitSpeedAsync(Commit([Count(first, 4)]));

        var cells = await store.ReadSpeedAsync(Query(Metrics.Sessions.Name));

        Assert.Equal([(first, 7.0), (second, 1.0)], cells.Select(c => (c.Key, c.Value)));
    }

    [Fact]
    public async Task Distinct_deltas_are_unioned_not_added()
    {
        var store = await CreateStoreAsync();
        var key = Key(Metrics.ActiveUsers.Name, Hour0);
        await store.CommitSpeedAsync(Commit([Users(key, "a", "b")]));
        await store.CommitSpeedAsync(Commit([Users(key, "b", "c")]));

        var cell = Assert.Single(await store.ReadSpeedAsync(Query(Metrics.ActiveUsers.Name)));

        Assert.Equal(3, cell.Value);
        Assert.Equal(3, HyperLogLog.FromBytes(cell.Sketch.Span).Estimate());
    }

    [Fact]
    public async Task Cells_read_without_sketches_keep_their_keys_and_values()
    {
        var store = await CreateStoreAsync();
        var hour = Key(Metrics.ActiveUsers.Name, Hour0);
        var day = hour with { Size = BucketSize.Day, BucketStart = new DateTimeOffset(Hour0.UtcDateTime.Date, TimeSpan.Zero) };
        await store.CommitSpeedAsync(Commit([Users(hour, "a", "b")]));
        await store.CommitBatchAsync(new BatchCommit(DateOnly.FromDateTime(Hour0.UtcDateTime), null, [Users(day, "a", "b", "c")], [], 1));

        var speed = Assert.Single(await store.ReadSpeedAsync(Query(Metrics.ActiveUsers.Name) with { WithSketches = false }));
        var batch = Assert.Single(await store.ReadBatchAsync(Query(Metrics.ActiveUsers.Name) with { Size = BucketSize.Day, WithSketches = false }));
        var batchWithSketch = Assert.Single(await store.ReadBatchAsync(Query(Metrics.ActiveUsers.Name) with { Size = BucketSize.Day }));

        Assert.Equal((hour, 2.0, 0), (speed.Key, speed.Value, speed.Sketch.Length));
        Assert.Equal((day, 3.0, 0), (batch.Key, batch.Value, batch.Sketch.Length));
        Assert.Equal(3, HyperLogLog.FromBytes(batchWithSketch.Sketch.Span).Estimate());
    }

    [Fact]
    public async Task Duration_sketches_merge_and_the_value_is_their_median()
    {
        var store = await CreateStoreAsync();
        var key = Key(Metrics.SessionLengthMedian.Name, Hour0);
        foreach (var minutes in new[] { 1, 2, 30 })
        {
            var sketch = new DurationSketch();
            sketch.Add(TimeSpan.FromMinutes(minutes));
            await store.CommitSpeedAsync(Commit([new ViewCell(key, sketch.Median!.Value.TotalSeconds, sketch.ToBytes())]));
        }

        var cell = Assert.Single(await store.ReadSpeedAsync(Query(Metrics.SessionLengthMedian.Name)));

        Assert.Equal(3, DurationSketch.FromBytes(cell.Sketch.Span).Count);
        Assert.InRange(cell.Value, 120 * 0.99, 120 * 1.01);
    }

    [Fact]
    public async Task A_failing_commit_changes_nothing()
    {
        var store = await CreateStoreAsync();
        var key = Key(Metrics.Sessions.Name, Hour0);
        await store.CommitSpeedAsync(Commit([Count(key, 1)], new() { [0] = 10 }));

        // The second delta names no stored metric: the whole commit must be refused.
        var bad = Commit([Count(key, 5), Count(Key("no_such_metric", Hour0), 1)], new() { [0] = 20 });
        await Assert.ThrowsAsync<ArgumentException>(() => store.CommitSpeedAsync(bad));

        Assert.Equal(1, Assert.Single(await store.ReadSpeedAsync(Query(Metrics.Sessions.Name))).Value);
        Assert.Equal(10, (await store.LoadSpeedCheckpointAsync("speed")).Offsets[0]);
    }

    [Fact]
    public async Task Reads_select_by_app_metric_dimension_key_and_range()
    {
        var store = await CreateStoreAsync();
        await store.CommitSpeedAsync(Commit(
        [
            Count(Key(Metrics.Events.Name, Hour0, key: "Purchase"), 2),
            Count(Key(Metrics.Events.Name, Hour0, key: "Opened"), 5),
            Count(Key(Metrics.Events.Name, Hour0, Dimension.Os.Name, "iOS", key: "Opened"), 4),
            Count(Key(Metrics.Events.Name, Hour0, key: "Opened", app: "app_b"), 9),
            Count(Key(Metrics.Events.Name, Hour0.AddDays(3), key: "Opened"), 1),
        ]));

        var opened = await store.ReadSpeedAsync(Query(Metrics.Events.Name, key: "Opened"));
        var all = await store.ReadSpeedAsync(Query(Metrics.Events.Name));
        var byOs = await store.ReadSpeedAsync(Query(Metrics.Events.Name, Dimension.Os.Name));

        Assert.Equal(5, Assert.Single(opened).Value);
        Assert.Equal(["Opened", "Purchase"], all.Select(c => c.Key.Key));
        Assert.Equal(("iOS", 4.0), (Assert.Single(byOs).Key.DimensionValue, byOs[0].Value));
    }

    [Fact]
    public async Task Old_cells_of_one_size_are_deleted()
    {
        var store = await CreateStoreAsync();
        var old = Key(Metrics.Sessions.Name, Hour0.AddHours(-5));
        var recent = Key(Metrics.Sessions.Name, Hour0);
        var minute = Key(Metrics.ActiveUsers.Name, Hour0.AddHours(-5)) with { Size = BucketSize.Minute };
        await store.CommitSpeedAsync(Commit([Count(old, 1), Count(recent, 1), Users(minute, "a")]));

        Assert.Equal(1, await store.DeleteSpeedBeforeAsync(BucketSize.Hour, Hour0.AddHours(-1)));

        Assert.Equal(recent, Assert.Single(await store.ReadSpeedAsync(Query(Metrics.Sessions.Name))).Key);
        var minuteQuery = Query(Metrics.ActiveUsers.Name) with { Size = BucketSize.Minute };
        Assert.Single(await store.ReadSpeedAsync(minuteQuery));
    }

    [Fact]
    public async Task Concurrent_commits_lose_no_update()
    {
        var store = await CreateStoreAsync();
        var key = Key(Metrics.Sessions.Name, Hour0);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (int i = 0; i < 10; i++)
            {
                await store.CommitSpeedAsync(new SpeedCommit("speed", [Count(key, 1)], new Dictionary<int, long> { [worker] = i + 1 }, NoSnapshots));
            }
        })));

        Assert.Equal(80, Assert.Single(await store.ReadSpeedAsync(Query(Metrics.Sessions.Name))).Value);
        Assert.All((await store.LoadSpeedCheckpointAsync("speed")).Offsets.Values, offset => Assert.Equal(10, offset));
    }
}
