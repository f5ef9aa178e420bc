using Tally.Core.DeadLetters;
using Tally.Core.Events;
using Tally.Testing.Postgres;

namespace Tally.Store.Postgres.Tests;

// Mirrors SqliteDeadLetterStoreTests; the two are not one abstract suite because their "another
// process" cases differ (a second handle on the file there, a second connection pool here).
[Collection(PostgresCollection.Name)]
public sealed class PostgresDeadLetterStoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly TestSchemas _schemas = new(postgres);

    [Fact]
    public async Task Dead_letters_round_trip_newest_first_up_to_the_limit()
    {
        var store = new PostgresDeadLetterStore(await _schemas.CreateMigratedAsync());
        var oldest = Letter("app_a", RejectReason.MissingUser, Noon, """{"type":"track"}""");
        var middle = Letter("app_a", RejectReason.FieldTooLong, Noon.AddSeconds(1), """{"type":"screen"}""");
        var newest = Letter("app_a", RejectReason.NotAnObject, Noon.AddSeconds(2), "[1]");
        var otherApp = Letter("app_b", RejectReason.UnknownType, Noon.AddSeconds(3), "{}");

        await store.AddAsync([oldest, middle]);
        await store.AddAsync([newest, otherApp]);
        var listed = await store.ListAsync("app_a", limit: 2);

        Assert.Equal(2, listed.Count);
        AssertSame(newest, listed[0]);
        AssertSame(middle, listed[1]);
        AssertSame(otherApp, Assert.Single(await store.ListAsync("app_b", limit: 10)));
        Assert.Empty(await store.ListAsync("app_c", limit: 10));
    }

    [Fact]
    public async Task Dead_letters_written_through_one_pool_are_read_through_another_while_both_write()
    {
        var database = await _schemas.CreateMigratedAsync();
        await using var otherProcessDatabase = new PostgresDatabase(postgres.ConnectionString, database.Schema);
        var store = new PostgresDeadLetterStore(database);
        var otherProcess = new PostgresDeadLetterStore(otherProcessDatabase);
        const int BatchesPerWriter = 20;

        await Task.WhenAll(
            Task.Run(() => WriteBatchesAsync(store, "app_a")),
            Task.Run(() => WriteBatchesAsync(otherProcess, "app_a")));

        Assert.Equal(BatchesPerWriter * 2 * 3, (await otherProcess.ListAsync("app_a", limit: 1_000)).Count);
        Assert.Equal(BatchesPerWriter * 2 * 3, (await store.ListAsync("app_a", limit: 1_000)).Count);

        static async Task WriteBatchesAsync(PostgresDeadLetterStore store, string appId)
        {
            for (var batch = 0; batch < BatchesPerWriter; batch++)
            {
                var letter = Letter(appId, RejectReason.InvalidField, Noon.AddMinutes(batch), "{}");
                await store.AddAsync([letter, letter, letter]);
                Assert.NotEmpty(await store.ListAsync(appId, limit: 1));
            }
        }
    }

    [Fact]
    public async Task Deleting_an_app_removes_its_dead_letters_only()
    {
        var store = new PostgresDeadLetterStore(await _schemas.CreateMigratedAsync());
        await store.AddAsync([Letter("app_a", RejectReason.MissingUser, Noon, "{}"), Letter("app_a", RejectReason.MissingUser, Noon, "{}"),
            Letter("app_b", RejectReason.MissingUser, Noon, "{}")]);

        Assert.Equal(2, await store.DeleteAppAsync("app_a"));

        Assert.Empty(await store.ListAsync("app_a", limit: 10));
        Assert.Single(await store.ListAsync("app_b", limit: 10));
    }

    [Fact]
    public async Task A_non_positive_limit_is_rejected()
    {
        var store = new PostgresDeadLetterStore(await _schemas.CreateMigratedAsync());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ListAsync("app_a", limit: 0));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _schemas.DisposeAsync();

    private static DeadLetter Letter(string appId, RejectReason reason, DateTimeOffset receivedAt, string json) =>
        new(appId, reason, $"detail of {reason}", receivedAt, System.Text.Encoding.UTF8.GetBytes(json));

    private static void AssertSame(DeadLetter expected, DeadLetter actual)
    {
        Assert.Equal(expected.AppId, actual.AppId);
        Assert.Equal(expected.Reason, actual.Reason);
        Assert.Equal(expected.Detail, actual.Detail);
        Assert.Equal(expected.ReceivedAt, actual.ReceivedAt);
        Assert.Equal(expected.RawEvent.ToArray(), actual.RawEvent.ToArray());
    }
}
