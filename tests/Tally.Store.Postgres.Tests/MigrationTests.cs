using Tally.Core.Views;
using Tally.Testing.Postgres;

namespace Tally.Store.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly TestSchemas _schemas = new(postgres);

    [Fact]
    public async Task Concurrent_migrations_of_one_schema_apply_each_version_once()
    {
        // Several workers starting at once against a new schema.
        var first = _schemas.Create();
        var others = Enumerable.Range(0, 3).Select(_ => new PostgresDatabase(postgres.ConnectionString, first.Schema)).ToList();

        var versions = await Task.WhenAll(new[] { first }.Concat(others).Select(d => Task.Run(() => d.MigrateAsync())));

        Assert.All(versions, v => Assert.Equal(PostgresDatabase.LatestSchemaVersion, v));
        Assert.Equal(PostgresDatabase.LatestSchemaVersion, await first.MigrateAsync());
        await using var count = postgres.DataSource.CreateCommand($"SELECT COUNT(*) FROM {first.Schema}.schema_version");
        Assert.Equal((long)PostgresDatabase.LatestSchemaVersion, await count.ExecuteScalarAsync());
        foreach (var other in others)
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unmigrated_schema_is_version_zero_and_the_store_says_to_migrate()
    {
        var database = _schemas.Create();
        var store = new PostgresViewStore(database);

        Assert.Equal(0, await database.GetSchemaVersionAsync());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ReadSpeedAsync(
            new ViewQuery("app_a", "sessions", null, "total", BucketSize.Hour, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1))));
        Assert.Contains(nameof(PostgresDatabase.MigrateAsync), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await database.GetSchemaVersionAsync());
    }

    [Theory]
    [InlineData("Tally")]
    [InlineData("tally; DROP TABLE x")]
    [InlineData("9tally")]
    [InlineData("")]
    public void A_schema_name_that_would_need_quoting_is_refused(string schema)
    {
        Assert.Throws<ArgumentException>(() => new PostgresDatabase(postgres.ConnectionString, schema));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _schemas.DisposeAsync();
}
