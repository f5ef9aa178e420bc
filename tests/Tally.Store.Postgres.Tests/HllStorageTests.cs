using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;
using Tally.Testing.Postgres;

namespace Tally.Store.Postgres.Tests;

/// <summary>With postgresql-hll present, distinct-count sketches are hll values SQL users can query.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HllStorageTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Hour0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private readonly TestSchemas _schemas = new(postgres);

    [Fact]
    public async Task Sql_counts_stored_sketches_with_hll_cardinality_like_tally()
    {
        var database = await _schemas.CreateMigratedAsync();
        var store = new PostgresViewStore(database);
        var key = new ViewKey("app_a", Metrics.ActiveUsers.Name, Dimension.TotalValue, Dimension.TotalName, Dimension.TotalValue, BucketSize.Hour, Hour0);
        await store.CommitSpeedAsync(Commit(Users(key, 0, 3_000)));
        await store.CommitSpeedAsync(Commit(Users(key, 2_000, 5_000)));
        var day = DateOnly.FromDateTime(Hour0.UtcDateTime);
        await store.CommitBatchAsync(new BatchCommit(day, null, [Users(key, 0, 5_000)], [], ArchiveVersion: 1));

        var speed = Assert.Single(await store.ReadSpeedAsync(Query(key)));
        var batch = Assert.Single(await store.ReadBatchAsync(Query(key)));

        Assert.Equal(SketchStorage.Hll, await database.GetSketchStorageAsync());
        foreach (var (table, cell) in new[] { ("speed_cells", speed), ("batch_cells", batch) })
        {
            await using var command = postgres.DataSource.CreateCommand(
                $"SELECT pg_typeof(hll)::text, hll_cardinality(hll) FROM {database.Schema}.{table} WHERE metric = '{key.Metric}'");
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal("hll", reader.GetString(0));
            Assert.Equal(cell.Value, reader.GetDouble(1));
            Assert.Equal(HyperLogLog.FromBytes(cell.Sketch.Span).Estimate(), reader.GetDouble(1));
        }
        Assert.Equal(batch.Sketch.ToArray(), speed.Sketch.ToArray());
    }

    [Fact]
    public async Task Duration_sketches_stay_bytea_beside_the_hll_column()
    {
        var database = await _schemas.CreateMigratedAsync();
        var store = new PostgresViewStore(database);
        var key = new ViewKey("app_a", Metrics.SessionLengthMedian.Name, Dimension.TotalValue, Dimension.TotalName, Dimension.TotalValue, BucketSize.Hour, Hour0);
        var sketch = new DurationSketch();
        sketch.Add(TimeSpan.FromMinutes(4));
        await store.CommitSpeedAsync(Commit(new ViewCell(key, 240, sketch.ToBytes())));

        await using var command = postgres.DataSource.CreateCommand(
            $"SELECT hll IS NULL, sketch FROM {database.Schema}.speed_cells");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.True(reader.GetBoolean(0));
        Assert.Equal(sketch.ToBytes(), reader.GetFieldValue<byte[]>(1));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _schemas.DisposeAsync();

    private static ViewCell Users(ViewKey key, int from, int to)
    {
        var hll = HyperLogLog.Create();
        for (int i = from; i < to; i++)
        {
            hll.Add($"user-{i}");
        }
        return new ViewCell(key, hll.Estimate(), hll.ToBytes());
    }

    private static SpeedCommit Commit(ViewCell delta) =>
        new("speed", [delta], new Dictionary<int, long>(), new Dictionary<int, StateSnapshot>());

    private static ViewQuery Query(ViewKey key) =>
        new(key.AppId, key.Metric, null, key.Dimension, key.Size, key.BucketStart, key.BucketStart.AddHours(1));
}
