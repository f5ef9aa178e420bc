using Microsoft.Data.Sqlite;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Load.Freshness;
using Tally.Store.Sqlite;

namespace Tally.Load.Tests.Freshness;

public sealed class SpeedViewReaderTests : IDisposable
{
    private readonly DirectoryInfo _dataDir = new(Path.Combine(Path.GetTempPath(), "tally-load-tests", Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task Lists_the_event_names_the_speed_layer_committed_for_the_probe_app()
    {
        var database = SqliteDatabase.InDataDirectory(_dataDir.FullName);
        await database.MigrateAsync();
        var registry = new SqliteAppRegistry(database);
        var probeApp = await registry.CreateAsync("probe");
        var otherApp = await registry.CreateAsync("other");
        var hour = ViewKey.BucketOf(DateTimeOffset.UtcNow, BucketSize.Hour);
        await new SqliteViewStore(database).CommitSpeedAsync(new SpeedCommit("speed",
            [EventsCell(probeApp.App.Id, "probe-1", hour), EventsCell(probeApp.App.Id, "probe-2", hour.AddHours(-3)), EventsCell(otherApp.App.Id, "probe-3", hour)],
            new Dictionary<int, long> { [0] = 1 },
            new Dictionary<int, StateSnapshot>()));

        var reader = await SpeedViewReader.OpenAsync(_dataDir, probeApp.WriteKey, CancellationToken.None);
        var names = await reader.EventNamesAsync(hour.AddMinutes(30), hour.AddHours(1), CancellationToken.None);

        // Only the probe app's cells, from the bucket of `from` on.
        Assert.Equal(["probe-1"], names);
    }

    [Fact]
    public async Task Refuses_a_data_dir_without_a_view_store_and_does_not_create_one()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SpeedViewReader.OpenAsync(_dataDir, "wk_any", CancellationToken.None));

        Assert.Contains(SqliteDatabase.FileName, error.Message);
        Assert.False(File.Exists(Path.Combine(_dataDir.FullName, SqliteDatabase.FileName)));
    }

    [Fact]
    public async Task Refuses_a_write_key_no_app_owns()
    {
        await SqliteDatabase.InDataDirectory(_dataDir.FullName).MigrateAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => SpeedViewReader.OpenAsync(_dataDir, "wk_nobody", CancellationToken.None));
    }

    private static ViewCell EventsCell(string appId, string eventName, DateTimeOffset hour) =>
        new(new ViewKey(appId, Metrics.Events.Name, eventName, Dimension.TotalName, Dimension.TotalValue, BucketSize.Hour, hour), 1);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (_dataDir.Exists)
        {
            _dataDir.Delete(recursive: true);
        }
    }
}
