using Tally.Core.Events;
using Tally.Core.Views;
using Tally.Store.Postgres;
using Tally.Testing.Postgres;

namespace Tally.Batch.PostgresTests;

[Collection(PostgresCollection.Name)]
public sealed class ConcurrentRunnerTests(PostgresFixture postgres) : IAsyncLifetime
{
    // Four generated three-day stretches back to back, the same users throughout: twelve days whose
    // first-seen times and retention depend on each other, committed in whatever order the runners reach them.
    private const int Stretches = 4;

    // Never reached: the runs finish in one or two rounds; the bound turns a livelock into a failure.
    private const int MaxRounds = 20;

    private readonly List<PostgresDatabase> _databases = [];

    [Fact]
    public async Task Two_runners_sharing_a_store_batch_every_day_with_the_results_of_one_runner_alone()
    {
        var events = Traffic();
        var clock = new ManualClock(BatchTraffic.Start.AddDays(3 * Stretches + 1));

        var alone = await StoreAsync();
        var aloneArchive = new InMemoryArchive(alone);
        await aloneArchive.ArchiveAsync(events);
        var single = new BatchRunner(alone, aloneArchive, clock, new BatchOptions());
        while (await single.RunDueAsync(CancellationToken.None) > 0)
        {
        }

        var shared = await StoreAsync();
        var sharedArchive = new InMemoryArchive(shared);
        await sharedArchive.ArchiveAsync(events);
        BatchRunner[] runners = [new(shared, sharedArchive, clock, new BatchOptions()), new(shared, sharedArchive, clock, new BatchOptions())];
        int rounds = 0;
        while ((await shared.LoadBatchProgressAsync()).Days.Any(d => d.NeedsBatch))
        {
            Assert.True(++rounds <= MaxRounds, $"Days still need a batch after {MaxRounds} rounds.");
            await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunDueAsync(CancellationToken.None))));
        }

        var expected = await alone.LoadBatchProgressAsync();
        var actual = await shared.LoadBatchProgressAsync();
        Assert.Equal(3 * Stretches, actual.Days.Count);
        Assert.Equal(expected.Watermark, actual.Watermark);
        Assert.Equal(BatchTraffic.Day0.AddDays(3 * Stretches), actual.Watermark);
        var expectedCells = Flatten(await BatchCells.ReadAllAsync(BatchTraffic.Apps, (q, ct) => alone.ReadBatchAsync(q, ct)));
        Assert.NotEmpty(expectedCells);
        Assert.Equal(expectedCells, Flatten(await BatchCells.ReadAllAsync(BatchTraffic.Apps, (q, ct) => shared.ReadBatchAsync(q, ct))));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
            await using var drop = postgres.DataSource.CreateCommand($"DROP SCHEMA IF EXISTS {database.Schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static List<TallyEvent> Traffic()
    {
        var events = new List<TallyEvent>();
        for (int stretch = 0; stretch < Stretches; stretch++)
        {
            var shift = TimeSpan.FromDays(3 * stretch);
            events.AddRange(BatchTraffic.Create(seed: 11 + stretch, tidy: false).Archived.Select(e => e with
            {
                ReceivedAt = e.ReceivedAt + shift,
                EventTime = e.EventTime + shift,
                Timestamp = e.Timestamp + shift,
                SentAt = e.SentAt + shift,
            }));
        }
        return events;
    }

    private async Task<PostgresViewStore> StoreAsync()
    {
        var database = new PostgresDatabase(postgres.ConnectionString, $"test_{Guid.NewGuid():N}");
        _databases.Add(database);
        await database.MigrateAsync();
        return new PostgresViewStore(database);
    }

    private static List<string> Flatten(Dictionary<ViewKey, ViewCell> cells) =>
        [.. cells.Values.Select(c => $"{c.Key} {c.Value} {Convert.ToHexString(c.Sketch.Span)}").Order(StringComparer.Ordinal)];
}
