using Tally.Archive.Archiving;
using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Core.Events;

namespace Tally.Archive.Tests.Archiving;

public sealed class ArchiverTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_event_lands_once_in_the_file_of_its_day_and_hour()
    {
        await using var rig = await ArchiveRig.CreateAsync();
        var batches = Enumerable.Range(0, 12)
            .Select(b => (IReadOnlyList<TallyEvent>)[.. Enumerable.Range(0, 5).Select(i => rig.Event($"u{(b + i) % 7}", Day0.AddMinutes(b * 170 + i * 31)))])
            .ToArray();
        await rig.AppendAsync(batches);
        var expected = batches.SelectMany(b => b).ToList();

        await rig.ArchiveUntilAsync(expected.Count);

        var archive = await rig.ReadArchiveAsync();
        Assert.Equal(expected.Select(e => e.MessageId).Order(), archive.Select(a => a.Archived.Event.MessageId).Order());
        Assert.All(archive, a =>
        {
            Assert.Equal((a.File.Day, a.File.Hour), ArchiveLayout.HourOf(a.Archived.Event.EventTime));
            Assert.Equal(a.File.Partition, a.Archived.LogPartition);
            Assert.InRange(a.Archived.LogOffset, a.File.FirstOffset, a.File.NextOffset - 1);
        });
        var read = archive.Select(a => a.Archived.Event).OrderBy(e => e.MessageId, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.OrderBy(e => e.MessageId, StringComparer.Ordinal).Select(WithoutJson), read.Select(WithoutJson));
        Assert.All(read, e => Assert.Equal("""{"plan":"pro"}"""u8.ToArray(), e.Properties.ToArray()));
        for (int p = 0; p < rig.Log.PartitionCount; p++)
        {
            Assert.Equal((await rig.Log.GetBoundsAsync(p)).End, await rig.CommittedAsync(p));
        }
        var progress = await rig.ViewStore.LoadBatchProgressAsync();
        Assert.Equal(archive.Select(a => a.File.Day).Distinct().Order(), progress.Days.Select(d => d.Day));
    }

    [Fact]
    public async Task A_late_event_lands_in_its_own_day_and_bumps_that_days_archive_version()
    {
        await using var rig = await ArchiveRig.CreateAsync();
        var today = Day0.AddDays(10);
        await rig.AppendAsync([rig.Event("u1", Day0.AddHours(5)), rig.Event("u2", today.AddHours(1))]);
        await rig.ArchiveUntilAsync(2);
        var before = (await rig.ViewStore.LoadBatchProgressAsync()).Days.ToDictionary(d => d.Day);

        var late = rig.Event("u3", Day0.AddHours(20));
        await rig.AppendAsync([late, rig.Event("u4", today.AddHours(2))]);
        await rig.ArchiveUntilAsync(4);

        var after = (await rig.ViewStore.LoadBatchProgressAsync()).Days.ToDictionary(d => d.Day);
        var lateDay = DateOnly.FromDateTime(Day0.UtcDateTime);
        Assert.True(after[lateDay].ArchiveVersion > before[lateDay].ArchiveVersion, "The late event's day was not marked again.");
        var archive = await rig.ReadArchiveAsync();
        var lateFile = Assert.Single(archive, a => a.Archived.Event.MessageId == late.MessageId).File;
        Assert.Equal((lateDay, 20), (lateFile.Day, lateFile.Hour));
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_flushes_neither_loses_nor_duplicates_an_event()
    {
        await using var rig = await ArchiveRig.CreateAsync();

        // Step 1: a first range archived and committed in every partition.
        var first = Enumerable.Range(0, 20).Select(i => rig.Event($"u{i}", Day0.AddMinutes(i * 13))).ToList();
        await rig.AppendAsync([.. first.Chunk(4)]);
        await rig.ArchiveUntilAsync(first.Count);
        var committed = new[] { await rig.CommittedAsync(0), await rig.CommittedAsync(1) };
        var firstFiles = (await rig.ReadArchiveAsync()).Select(a => a.File).Distinct().ToList();

        // Step 2: more records, not archived.
        var second = Enumerable.Range(20, 20).Select(i => rig.Event($"u{i}", Day0.AddMinutes(i * 13))).ToList();
        await rig.AppendAsync([.. second.Chunk(4)]);
        long end0 = (await rig.Log.GetBoundsAsync(0)).End;

        // Step 3, the crash: partition 0 died after writing part of a flush of the uncommitted range
        // (a file with some of its events, a torn one); partition 1 died after its offset commit,
        // before deleting the manifest of a flush that did complete.
        var partialKey = new ArchiveFileKey(DateOnly.FromDateTime(Day0.UtcDateTime), 5, 0, committed[0], end0);
        var tornKey = new ArchiveFileKey(DateOnly.FromDateTime(Day0.UtcDateTime), 6, 0, committed[0], end0);
        using (var partial = new MemoryStream())
        {
            var some = second.Where(e => Partition(rig, e) == 0).Take(2).Select(e => new ArchivedEvent(e, 0, committed[0])).ToList();
            await EventParquetWriter.WriteAsync(some, partial);
            partial.Position = 0;
            await rig.Store.PutAsync(partialKey.Key, partial);
        }
        await rig.Store.PutAsync(tornKey.Key, new MemoryStream([0x50, 0x41, 0x52]));
        await new PendingFlush(0, committed[0], end0, [partialKey.Key, tornKey.Key]).StoreAsync(rig.Store, CancellationToken.None);
        var completed = firstFiles.Last(f => f.Partition == 1);
        await new PendingFlush(1, completed.FirstOffset, completed.NextOffset, [completed.Key]).StoreAsync(rig.Store, CancellationToken.None);

        // Step 4: restart; recovery rolls partition 0 back and keeps partition 1's files.
        await rig.ArchiveUntilAsync(first.Count + second.Count);

        var archive = await rig.ReadArchiveAsync();
        Assert.Equal(first.Concat(second).Select(e => e.MessageId).Order(), archive.Select(a => a.Archived.Event.MessageId).Order());
        Assert.DoesNotContain(archive, a => a.File.Key == tornKey.Key);
        Assert.Contains(archive, a => a.File == completed);
        Assert.Empty(await rig.Store.ListAsync(ArchiveLayout.PendingPrefix).ToListAsync());
    }

    private static TallyEvent WithoutJson(TallyEvent e) => e with { Properties = default, Traits = default };

    private static int Partition(ArchiveRig rig, TallyEvent e) => Tally.Log.EventPartitioner.PartitionFor(e.AppId, e.User, rig.Log.PartitionCount);
}
