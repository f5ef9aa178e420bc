using Microsoft.Data.Sqlite;
using Tally.Core.Metrics;
using Tally.Host.Tests.Crash;
using static Tally.Host.Tests.Cli.ArchiveFixtureFiles;

namespace Tally.Host.Tests.Cli;

public sealed class AppsDeleteCommandTests : IDisposable
{
    private static readonly DateOnly Day = new(2026, 10, 5);

    private readonly TempDataDirectory _dataDir = new();

    [Fact]
    public async Task Delete_with_yes_removes_the_app_its_views_and_archived_events_and_keeps_the_other_app()
    {
        var (gone, kept, archive, file) = await TwoAppsBatchedAsync();

        var result = await CliRunner.RunAsync("apps", "delete", gone, "--yes", "--data", _dataDir.Path);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("removed, its keys no longer work", result.Output, StringComparison.Ordinal);
        Assert.Contains("2 event(s) removed, 1 file(s) rewritten or deleted", result.Output, StringComparison.Ordinal);
        Assert.Equal([$"{kept}-carol-20261005-2"], (await archive.MessageIdsAsync(file))!);
        Assert.Null(await archive.BatchDayValueAsync(gone, Metrics.ActiveUsers, Day));
        Assert.Equal(1, await archive.BatchDayValueAsync(kept, Metrics.ActiveUsers, Day));
        var list = await CliRunner.RunAsync("apps", "list", "--data", _dataDir.Path);
        Assert.DoesNotContain(gone, list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_asks_first_and_deletes_nothing_unless_the_answer_is_yes()
    {
        var (gone, _, archive, file) = await TwoAppsBatchedAsync();

        var declined = await CliRunner.RunWithInputAsync("n\n", "apps", "delete", gone, "--data", _dataDir.Path);
        var unanswered = await CliRunner.RunAsync("apps", "delete", gone, "--data", _dataDir.Path);

        Assert.Equal(1, declined.ExitCode);
        Assert.Contains("Delete app \"Gone\"", declined.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing deleted", declined.Error, StringComparison.Ordinal);
        Assert.Equal(1, unanswered.ExitCode);
        Assert.Equal(3, (await archive.MessageIdsAsync(file))!.Length);
        Assert.Equal(2, await archive.BatchDayValueAsync(gone, Metrics.ActiveUsers, Day));

        var confirmed = await CliRunner.RunWithInputAsync("y\n", "apps", "delete", gone, "--data", _dataDir.Path);

        Assert.True(confirmed.ExitCode == 0, confirmed.Error);
        Assert.Single((await archive.MessageIdsAsync(file))!);
    }

    [Fact]
    public async Task Deleting_again_finishes_quietly_with_nothing_left()
    {
        var (gone, _, _, _) = await TwoAppsBatchedAsync();
        await CliRunner.RunAsync("apps", "delete", gone, "--yes", "--data", _dataDir.Path);

        var again = await CliRunner.RunAsync("apps", "delete", gone, "--yes", "--data", _dataDir.Path);

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("already gone", again.Output, StringComparison.Ordinal);
        Assert.Contains("0 event(s) removed, 0 file(s)", again.Output, StringComparison.Ordinal);
    }

    /// <summary>App "Gone" with two users and app "Kept" with one, in one archive file, batched.</summary>
    private async Task<(string Gone, string Kept, ArchiveFixtureFiles Archive, Tally.Archive.Layout.ArchiveFileKey File)> TwoAppsBatchedAsync()
    {
        var gone = (await TestApps.CreateAsync(_dataDir.Path, "Gone")).AppId;
        var kept = (await TestApps.CreateAsync(_dataDir.Path, "Kept")).AppId;
        var archive = new ArchiveFixtureFiles(_dataDir.Path);
        var file = await archive.WriteAsync(Day, 0, Event(gone, "alice", Day, 0), Event(gone, "bob", Day, 1), Event(kept, "carol", Day, 2));
        var batch = await CliRunner.RunAsync("batch", "run", "--from", "2026-10-05", "--to", "2026-10-05", "--data", _dataDir.Path);
        Assert.True(batch.ExitCode == 0, batch.Error);
        return (gone, kept, archive, file);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dataDir.Dispose();
    }
}
