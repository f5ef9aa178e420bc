using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tally.Archive.Storage;
using Tally.Host.Tests.Crash;
using Tally.Host.Tests.ScaleOut;
using Tally.Store.Sqlite;
using Xunit.Abstractions;

namespace Tally.Host.Tests.Chaos;

/// <summary>
/// The chaos tier's full disk: <c>tally up</c> (every role in one process, embedded log) with its log on a small
/// tmpfs, under the steady load. A ballast file takes the rest of the space, so the log's writes fail with ENOSPC:
/// the collector must refuse with 503 and Retry-After (never 200 for an event not made durable, never 500) and the
/// process stay up. Deleting the ballast must let ingestion resume by itself, and in the end every acknowledged
/// event is in the archive exactly once and counted once by speed and batch.
/// </summary>
[Trait("Category", "Chaos")]
[Collection(ScaleOutCollection.Name)]
public sealed class FullLogDiskChaosTests(ITestOutputHelper output) : IDisposable
{
    private const int EventsPerBatch = 10;
    private const int AcknowledgedBeforeFull = 400;

    // Refusals to see while the disk is full: a few retries of each sender, not one unlucky answer.
    private const int RefusalsWhileFull = 20;

    // Room for the log of a run (a few MiB) and the ballast's page slack.
    private const int DiskMegabytes = 16;

    // Small segments, so the log also rolls segments (creates files) while the disk is full and after.
    private const string SegmentBytes = "262144";

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private readonly TempDataDirectory _data = new();

    [RootFact("mount a size-limited tmpfs for the log")]
    public async Task A_full_log_disk_refuses_with_503_loses_nothing_and_ingestion_resumes_once_space_is_freed()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var token = deadline.Token;
        await using var disk = await SizeLimitedDisk.MountAsync(DiskMegabytes, token);
        var (appId, writeKey) = await TestApps.CreateAsync(_data.Path, "Chaos full disk");
        var settings = new Dictionary<string, string>(ScaleOutDeployment.WorkerSettings)
        {
            ["TALLY__LOG__DIRECTORY"] = disk.Path,
            ["TALLY__LOG__SEGMENTBYTES"] = SegmentBytes,
        };
        await using var tally = await TallyProcess.StartAsync(_data.Path, output, token, settings);
        // Two days back: a closed day (past the batch grace period) whatever the time of day.
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-2).AddHours(12), TimeSpan.Zero);
        var traffic = new ScaleOutTraffic([writeKey], start, EventsPerBatch);
        using var load = new CollectorLoad([tally.BaseAddress], traffic.Next);
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(token);
        var steady = SteadyLoad.Start(load, stopLoad.Token);
        Task UntilAsync(Func<bool> condition) => Poll.UntilAsync(() =>
        {
            steady.ThrowIfFaulted();
            return Task.FromResult(condition());
        }, token);

        // 1. Steady load, then the disk fills up: appends fail, the collector refuses (CollectorLoad fails on a 500
        //    or a 503 without Retry-After), the process stays up.
        await UntilAsync(() => load.Acknowledged >= AcknowledgedBeforeFull);
        await disk.FillAsync(token);
        long refusedAtFull = load.Unavailable;
        await UntilAsync(() => load.Unavailable >= refusedAtFull + RefusalsWhileFull);
        Assert.True(tally.IsRunning, "tally up exited when its log disk filled up.");
        output.WriteLine($"Disk full: {load.Unavailable - refusedAtFull} requests refused with 503 and Retry-After so far");

        // 2. Free the space: ingestion resumes by itself. Recovery runs from the delete to the next acknowledgement.
        long backlog = load.Acknowledged;
        var freed = Stopwatch.StartNew();
        disk.Free();
        await UntilAsync(() => load.Acknowledged > backlog);
        var recovery = freed.Elapsed;
        long lastBatch = await steady.StopAsync();
        Assert.Equal(lastBatch * EventsPerBatch, load.Acknowledged);

        // 3. Everything acknowledged has gone through every stage, once.
        var store = new SqliteViewStore(SqliteDatabase.InDataDirectory(_data.Path));
        var archive = new LocalDirectoryObjectStore(Path.Combine(_data.Path, "archive"));
        await ChaosOutcome.AssertAsync(store, archive, appId, traffic, lastBatch, load.Acknowledged, start.AddDays(-1), start.AddDays(2),
            "log disk full, then freed", recovery, "full-log-disk", output, token);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
