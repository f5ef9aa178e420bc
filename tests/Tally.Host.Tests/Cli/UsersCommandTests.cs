using Microsoft.Data.Sqlite;
using Tally.Core.Metrics;
using Tally.Host.Tests.Crash;
using static Tally.Host.Tests.Cli.ArchiveFixtureFiles;

namespace Tally.Host.Tests.Cli;

public sealed class UsersCommandTests : IDisposable
{
    private static readonly DateOnly Monday = new(2026, 10, 5);
    private static readonly DateOnly Tuesday = Monday.AddDays(1);

    private readonly TempDataDirectory _dataDir = new();

    [Fact]
    public async Task Forget_removes_the_users_archived_events_and_recomputes_the_days_without_them()
    {
        var first = await TestApps.CreateAsync(_dataDir.Path, "First");
        var second = await TestApps.CreateAsync(_dataDir.Path, "Second");
        var archive = new ArchiveFixtureFiles(_dataDir.Path);
        var monday = await archive.WriteAsync(Monday, 0,
            Event(first.AppId, "alice", Monday, 0), Event(first.AppId, "alice", Monday, 1), Event(first.AppId, "bob", Monday, 2),
            Event(second.AppId, "alice", Monday, 3));
        var tuesday = await archive.WriteAsync(Tuesday, 0, Event(first.AppId, "alice", Tuesday, 0));
        var batch = await CliRunner.RunAsync("batch", "run", "--from", "2026-10-05", "--to", "2026-10-06", "--data", _dataDir.Path);
        Assert.True(batch.ExitCode == 0, batch.Error);
        Assert.Equal(2, await archive.BatchDayValueAsync(first.AppId, Metrics.ActiveUsers, Monday));

        var result = await CliRunner.RunAsync("users", "forget", "--app", first.AppId, "--user", "alice", "--data", _dataDir.Path);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("3 event(s) removed, 2 file(s) rewritten or deleted", result.Output, StringComparison.Ordinal);
        Assert.Contains("recomputed 2026-10-05, 2026-10-06", result.Output, StringComparison.Ordinal);
        // MessageIdsAsync sorts; app ids are random, so sort the expected ids the same way.
        Assert.Equal(new[] { $"{first.AppId}-bob-20261005-2", $"{second.AppId}-alice-20261005-3" }.Order(StringComparer.Ordinal), (await archive.MessageIdsAsync(monday))!);
        Assert.Null(await archive.MessageIdsAsync(tuesday));
        Assert.Equal(1, await archive.BatchDayValueAsync(first.AppId, Metrics.ActiveUsers, Monday));
        Assert.Equal(1, await archive.BatchDayValueAsync(first.AppId, Metrics.NewUsers, Monday));
        Assert.Equal(1, await archive.BatchDayValueAsync(first.AppId, Metrics.Events, Monday));
        Assert.Null(await archive.BatchDayValueAsync(first.AppId, Metrics.ActiveUsers, Tuesday));
        Assert.Equal(1, await archive.BatchDayValueAsync(second.AppId, Metrics.ActiveUsers, Monday));
    }

    [Fact]
    public async Task Forget_refuses_an_unknown_app_and_reports_a_user_it_never_saw()
    {
        var app = await TestApps.CreateAsync(_dataDir.Path, "Any");

        var unknownApp = await CliRunner.RunAsync("users", "forget", "--app", "app_nope", "--user", "alice", "--data", _dataDir.Path);
        var unknownUser = await CliRunner.RunAsync("users", "forget", "--app", app.AppId, "--user", "nobody", "--data", _dataDir.Path);

        Assert.Equal(1, unknownApp.ExitCode);
        Assert.Contains("there is no app app_nope", unknownApp.Error, StringComparison.Ordinal);
        Assert.True(unknownUser.ExitCode == 0, unknownUser.Error);
        Assert.Contains("0 event(s) removed", unknownUser.Output, StringComparison.Ordinal);
        Assert.Contains("no day to recompute", unknownUser.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dataDir.Dispose();
    }
}
