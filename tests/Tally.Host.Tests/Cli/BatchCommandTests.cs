using Microsoft.Data.Sqlite;
using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Archive.Storage;
using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Host.Tests.Crash;
using Tally.Store.Sqlite;

namespace Tally.Host.Tests.Cli;

public sealed class BatchCommandTests : IDisposable
{
    private static readonly DateOnly Day = new(2026, 10, 5);

    private readonly TempDataDirectory _dataDir = new();

    [Fact]
    public async Task Run_recomputes_a_range_from_the_archive_into_batch_views()
    {
        var app = await TestApps.CreateAsync(_dataDir.Path, "Backfill");
        await ArchiveAsync(Day, app.AppId, users: 3, eventsPerUser: 4);

        var result = await CliRunner.RunAsync("batch", "run", "--from", "2026-10-04", "--to", "2026-10-06", "--data", _dataDir.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        Assert.Contains("Recomputed 3 day(s), 2026-10-04 to 2026-10-06, for every app", result.Output, StringComparison.Ordinal);
        Assert.Equal(3, await ReadDayValueAsync(app.AppId, Metrics.ActiveUsers.Name));
        Assert.Equal(12, await ReadDayValueAsync(app.AppId, Metrics.Events.Name));
    }

    [Fact]
    public async Task Run_for_one_app_recomputes_only_that_app()
    {
        var first = await TestApps.CreateAsync(_dataDir.Path, "First");
        var second = await TestApps.CreateAsync(_dataDir.Path, "Second");
        await ArchiveAsync(Day, first.AppId, users: 2, eventsPerUser: 1);
        await ArchiveAsync(Day, second.AppId, users: 5, eventsPerUser: 1, partition: 1);

        var result = await CliRunner.RunAsync("batch", "run", "--from", "2026-10-05", "--to", "2026-10-05", "--app", second.AppId, "--data", _dataDir.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"for app {second.AppId}", result.Output, StringComparison.Ordinal);
        Assert.Null(await ReadDayValueAsync(first.AppId, Metrics.ActiveUsers.Name));
        Assert.Equal(5, await ReadDayValueAsync(second.AppId, Metrics.ActiveUsers.Name));
    }

    [Theory]
    [InlineData("--from", "2026-10-06", "--to", "2026-10-05", "is before --from")]
    [InlineData("--from", "5 Oct", "--to", "2026-10-05", "--from must be a date like")]
    public async Task Run_refuses_a_bad_range(string fromName, string from, string toName, string to, string message)
    {
        await TestApps.CreateAsync(_dataDir.Path, "Any");

        var result = await CliRunner.RunAsync("batch", "run", fromName, from, toName, to, "--data", _dataDir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_refuses_an_unknown_app_and_a_data_dir_without_data()
    {
        await TestApps.CreateAsync(_dataDir.Path, "Any");

        var unknownApp = await CliRunner.RunAsync("batch", "run", "--from", "2026-10-05", "--to", "2026-10-05", "--app", "app_nope", "--data", _dataDir.Path);
        var noData = await CliRunner.RunAsync("batch", "run", "--from", "2026-10-05", "--to", "2026-10-05", "--data", Path.Combine(_dataDir.Path, "typo"));

        Assert.Equal(1, unknownApp.ExitCode);
        Assert.Contains("there is no app app_nope", unknownApp.Error, StringComparison.Ordinal);
        Assert.Equal(1, noData.ExitCode);
        Assert.Contains("holds no Tally data", noData.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dataDir.Path, "typo")));
    }

    /// <summary>Writes one archive file of <paramref name="day"/>, as the archiver would.</summary>
    private async Task ArchiveAsync(DateOnly day, string appId, int users, int eventsPerUser, int partition = 0)
    {
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        var events = new List<ArchivedEvent>();
        for (int u = 0; u < users; u++)
        {
            for (int i = 0; i < eventsPerUser; i++)
            {
                var time = start.AddMinutes(u * 2 + i);
                var e = new TallyEvent
                {
                    Type = EventType.Track,
                    AppId = appId,
                    MessageId = $"{appId}-u{u}-e{i}",
                    AnonymousId = $"user-{u}",
                    Event = "Opened",
                    ReceivedAt = time,
                    EventTime = time,
                };
                events.Add(new ArchivedEvent(e, partition, events.Count));
            }
        }
        var store = new LocalDirectoryObjectStore(Path.Combine(_dataDir.Path, "archive"));
        using var file = new MemoryStream();
        await EventParquetWriter.WriteAsync(events, file);
        file.Position = 0;
        await store.PutAsync(new ArchiveFileKey(day, 9, partition, 0, events.Count).Key, file);
    }

    private async Task<double?> ReadDayValueAsync(string appId, string metric)
    {
        var store = new SqliteViewStore(SqliteDatabase.InDataDirectory(_dataDir.Path));
        var start = new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var cells = await store.ReadBatchAsync(new ViewQuery(appId, metric, null, Dimension.TotalName, BucketSize.Day, start, start.AddDays(1)));
        return cells.Count == 0 ? null : cells.Sum(c => c.Value);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dataDir.Dispose();
    }
}
