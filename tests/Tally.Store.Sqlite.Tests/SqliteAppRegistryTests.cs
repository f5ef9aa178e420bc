using System.Security.Cryptography;
using System.Text;

namespace Tally.Store.Sqlite.Tests;

public sealed class SqliteAppRegistryTests : IDisposable
{
    private readonly TempDataDirectory _dataDir = new();

    [Fact]
    public async Task Create_issues_distinct_prefixed_url_safe_keys()
    {
        var registry = new SqliteAppRegistry(await _dataDir.CreateMigratedDatabaseAsync());

        var created = await registry.CreateAsync("  Weather  ");

        Assert.Equal("Weather", created.App.Name);
        Assert.Matches("^app_[a-z2-7]{12}$", created.App.Id);
        Assert.Matches("^wk_[A-Za-z0-9_-]{43}$", created.WriteKey);
        Assert.Matches("^rk_[A-Za-z0-9_-]{43}$", created.ReadKey);
        Assert.NotEqual(created.WriteKey[3..], created.ReadKey[3..]);
    }

    [Fact]
    public async Task Created_apps_are_listed_and_found_by_their_keys()
    {
        var registry = new SqliteAppRegistry(await _dataDir.CreateMigratedDatabaseAsync());
        var weather = await registry.CreateAsync("Weather");
        var notes = await registry.CreateAsync("Notes");

        var listed = await registry.ListAsync();

        Assert.Equal([weather.App, notes.App], listed);
        Assert.Equal(weather.App, await registry.FindByWriteKeyAsync(weather.WriteKey));
        Assert.Equal(notes.App, await registry.FindByReadKeyAsync(notes.ReadKey));
    }

    [Fact]
    public async Task A_key_only_opens_its_own_kind_of_lookup()
    {
        var registry = new SqliteAppRegistry(await _dataDir.CreateMigratedDatabaseAsync());
        var app = await registry.CreateAsync("Weather");

        Assert.Null(await registry.FindByWriteKeyAsync(app.ReadKey));
        Assert.Null(await registry.FindByReadKeyAsync(app.WriteKey));
        Assert.Null(await registry.FindByWriteKeyAsync("wk_unknown"));
        Assert.Null(await registry.FindByWriteKeyAsync(""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_name_is_rejected(string name)
    {
        var registry = new SqliteAppRegistry(await _dataDir.CreateMigratedDatabaseAsync());

        await Assert.ThrowsAsync<ArgumentException>(async () => await registry.CreateAsync(name));
        Assert.Empty(await registry.ListAsync());
    }

    [Fact]
    public async Task Keys_are_stored_only_as_sha256_hashes()
    {
        var database = await _dataDir.CreateMigratedDatabaseAsync();
        var created = await new SqliteAppRegistry(database).CreateAsync("Weather");

        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM apps;";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var stored = new List<string>();
        for (var column = 0; column < reader.FieldCount; column++)
        {
            stored.Add(reader.GetValue(column) switch
            {
                byte[] bytes => Encoding.Latin1.GetString(bytes) + Convert.ToHexString(bytes) + Convert.ToBase64String(bytes),
                var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
            });
        }

        var everything = string.Join('|', stored);
        foreach (var key in new[] { created.WriteKey, created.ReadKey })
        {
            Assert.DoesNotContain(key[3..], everything, StringComparison.Ordinal);
            Assert.Contains(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))), everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_second_registry_on_the_same_file_finds_apps_the_first_creates()
    {
        // The two-terminal case: `tally up` is running while `tally apps create` adds an app.
        var server = new SqliteAppRegistry(SqliteDatabase.InDataDirectory(_dataDir.Path));
        var cli = new SqliteAppRegistry(await _dataDir.CreateMigratedDatabaseAsync());

        var created = await cli.CreateAsync("Weather");

        Assert.Equal(created.App, await server.FindByWriteKeyAsync(created.WriteKey));
        Assert.Equal(created.App, await server.FindByWriteKeyAsync(created.WriteKey));
        Assert.Equal([created.App], await server.ListAsync());
    }

    [Fact]
    public async Task A_rejected_key_is_believed_unknown_only_briefly()
    {
        var clock = new ManualTimeProvider();
        var database = await _dataDir.CreateMigratedDatabaseAsync();
        var server = new SqliteAppRegistry(database, clock);
        const string WriteKey = "wk_chosen-by-the-test";

        Assert.Null(await server.FindByWriteKeyAsync(WriteKey));

        // Another process adds the app that owns the key the server just rejected.
        await using (var connection = await database.OpenConnectionAsync())
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO apps VALUES ('app_late', 'Late', 0, $write, $read);";
            insert.Parameters.AddWithValue("$write", SHA256.HashData(Encoding.UTF8.GetBytes(WriteKey)));
            insert.Parameters.AddWithValue("$read", SHA256.HashData(Encoding.UTF8.GetBytes("rk_unused")));
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Null(await server.FindByWriteKeyAsync(WriteKey));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("app_late", (await server.FindByWriteKeyAsync(WriteKey))?.Id);
    }

    [Fact]
    public async Task Deleting_an_app_revokes_both_keys_at_once_and_unlists_it()
    {
        var registry = new SqliteAppRegistry(await _dataDir.CreateMigratedDatabaseAsync());
        var doomed = await registry.CreateAsync("Doomed");
        var kept = await registry.CreateAsync("Kept");
        Assert.NotNull(await registry.FindByWriteKeyAsync(doomed.WriteKey));
        Assert.NotNull(await registry.FindByReadKeyAsync(doomed.ReadKey));

        Assert.True(await registry.DeleteAsync(doomed.App.Id));
        Assert.False(await registry.DeleteAsync(doomed.App.Id));

        Assert.Null(await registry.FindByWriteKeyAsync(doomed.WriteKey));
        Assert.Null(await registry.FindByReadKeyAsync(doomed.ReadKey));
        Assert.Equal([kept.App], await registry.ListAsync());
        Assert.Equal(kept.App, await registry.FindByWriteKeyAsync(kept.WriteKey));
    }

    [Fact]
    public async Task An_app_deleted_by_another_process_is_refused_once_the_cached_hit_expires()
    {
        var clock = new ManualTimeProvider();
        var database = await _dataDir.CreateMigratedDatabaseAsync();
        var server = new SqliteAppRegistry(database, clock);
        var cli = new SqliteAppRegistry(SqliteDatabase.InDataDirectory(_dataDir.Path));
        var created = await server.CreateAsync("Weather");

        await cli.DeleteAsync(created.App.Id);

        Assert.NotNull(await server.FindByWriteKeyAsync(created.WriteKey));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Null(await server.FindByWriteKeyAsync(created.WriteKey));
    }

    public void Dispose() => _dataDir.Dispose();
}
