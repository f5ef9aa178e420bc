using Tally.Log.Contract;
using static Tally.Log.Embedded.Tests.TornTailRecoveryTests;

namespace Tally.Log.Embedded.Tests;

public sealed class RetentionTests
{
    private const long SegmentBytes = 64 * 1024;

    [Fact]
    public async Task Size_retention_deletes_the_oldest_closed_segments_and_consumers_resume_at_the_oldest_record()
    {
        await using var store = new EmbeddedLogUnderTest(new EmbeddedLogOptions
        {
            PartitionCount = 1,
            SegmentBytes = SegmentBytes,
            RetentionBytesPerPartition = 2 * SegmentBytes,
        });
        await using var log = await store.OpenEmbeddedAsync();
        await AppendLargeRecordsAsync(log, 40);
        var before = await log.ReadAllAsync();
        await using (var behind = log.Subscribe("behind"))
        {
            await behind.CommitAsync(new Dictionary<int, long> { [0] = before[0].NextOffset });
        }

        var deleted = log.EnforceRetention();

        Assert.True(deleted > 0);
        Assert.True(store.SegmentFiles(0).Sum(f => new FileInfo(f).Length) <= 2 * SegmentBytes);
        var bounds = await log.GetBoundsAsync(0);
        var after = await log.ReadAllAsync();
        Assert.Equal(bounds.Start, after[0].Offset);
        Assert.Equal(before.SkipWhile(r => r.Offset < bounds.Start).Select(r => r.Offset), after.Select(r => r.Offset));

        // The group's committed offset was deleted: it resumes at the oldest retained record.
        await using var resumed = log.Subscribe("behind");
        Assert.Equal(bounds.Start, (await resumed.FetchAsync(1, TimeSpan.Zero))[0].Offset);
    }

    [Fact]
    public async Task Age_retention_deletes_segments_whose_newest_record_is_too_old()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var store = new EmbeddedLogUnderTest(new EmbeddedLogOptions
        {
            PartitionCount = 1,
            SegmentBytes = SegmentBytes,
            RetentionAge = TimeSpan.FromHours(72),
            TimeProvider = clock,
        });
        await using var log = await store.OpenEmbeddedAsync();
        while (store.SegmentFiles(0).Length < 3)
        {
            await AppendLargeRecordsAsync(log, 1);
        }

        var oldSegments = store.SegmentFiles(0)[..^1];
        clock.Now += TimeSpan.FromHours(73);
        await AppendLargeRecordsAsync(log, 1);

        Assert.Equal(oldSegments.Length, log.EnforceRetention());
        Assert.All(oldSegments, f => Assert.False(File.Exists(f)));
        var remaining = await log.ReadAllAsync();
        Assert.Equal(Path.GetFileName(store.SegmentFiles(0)[0]), $"{remaining[0].Offset:D20}.seg");
    }

    [Fact]
    public async Task The_active_segment_is_never_deleted()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var store = new EmbeddedLogUnderTest(new EmbeddedLogOptions { PartitionCount = 1, TimeProvider = clock });
        await using var log = await store.OpenEmbeddedAsync();
        await log.AppendAsync(0, LogTestExtensions.Payload("old but active"));
        clock.Now += TimeSpan.FromDays(30);

        Assert.Equal(0, log.EnforceRetention());
        Assert.Single(await log.ReadAllAsync());
    }

    [Fact]
    public async Task Retention_runs_in_the_background()
    {
        await using var store = new EmbeddedLogUnderTest(new EmbeddedLogOptions
        {
            PartitionCount = 1,
            SegmentBytes = SegmentBytes,
            RetentionBytesPerPartition = SegmentBytes,
            RetentionCheckInterval = TimeSpan.FromMilliseconds(20),
        });
        await using var log = await store.OpenEmbeddedAsync();
        await AppendLargeRecordsAsync(log, 20);

        using var deadline = new CancellationTokenSource(LogTestExtensions.PatientWait);
        while ((await log.GetBoundsAsync(0)).Start == 0 && !deadline.IsCancellationRequested)
        {
            await Task.Delay(10); // polls the background timer's effect, bounded by the deadline
        }

        Assert.NotEqual(0, (await log.GetBoundsAsync(0)).Start);
    }
}
