using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Archive.Storage;
using Tally.Benchmarks.Speed;
using Tally.Core.Encoding;
using Tally.Core.Events;

namespace Tally.Benchmarks.Batch;

/// <summary>
/// One UTC day of realistic mobile traffic archived as the archiver stores it: Parquet files per
/// (hour, log partition) under <c>events/day=…/hour=…/</c> in a <see cref="LocalDirectoryObjectStore"/>.
/// One upload in <see cref="DuplicateEvery"/> is archived twice (an SDK retry after a lost 200), so
/// duplicate removal has work to do.
/// </summary>
internal sealed class ArchiveDayFixture
{
    public static readonly DateOnly Day = new(2026, 11, 26);

    private const int EventsPerBatch = 100;

    // About 1 % of uploads retried: the order of magnitude mobile SDKs see on flaky networks.
    private const int DuplicateEvery = 100;

    // Written last, so an archive whose generation was interrupted is not reused.
    private const string CountFileName = "events-archived.txt";

    private ArchiveDayFixture(LocalDirectoryObjectStore store, long eventsArchived)
    {
        Store = store;
        EventsArchived = eventsArchived;
        var files = new DirectoryInfo(Path.Combine(store.Root, ArchiveLayout.DayPrefix(Day))).GetFiles("*.parquet", SearchOption.AllDirectories);
        Files = files.Length;
        Bytes = files.Sum(f => f.Length);
    }

    public LocalDirectoryObjectStore Store { get; }

    /// <summary>Rows in the day's files, duplicates included: what every engine reads.</summary>
    public long EventsArchived { get; }

    public int Files { get; }

    public long Bytes { get; }

    /// <summary>The Parquet files of the day, as a glob for DuckDB's <c>read_parquet</c>.</summary>
    public string DayGlob => Path.Combine(Store.Root, ArchiveLayout.DayPrefix(Day), "*", "*.parquet");

    /// <summary>The archive in <paramref name="root"/> if one was completed there, else a new one of about <paramref name="events"/> events.</summary>
    public static async Task<ArchiveDayFixture> OpenOrCreateAsync(string root, int events, CancellationToken cancellationToken)
    {
        var store = new LocalDirectoryObjectStore(root);
        string countFile = Path.Combine(root, CountFileName);
        if (File.Exists(countFile))
        {
            return new ArchiveDayFixture(store, long.Parse(await File.ReadAllTextAsync(countFile, cancellationToken), System.Globalization.CultureInfo.InvariantCulture));
        }
        var dayStart = new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        // Receive times from 01:00 to 23:00, so that (skew-corrected) event times stay inside the day.
        var workload = SpeedWorkload.Create(events / EventsPerBatch, EventsPerBatch, devices: Math.Max(1_000, events / 20),
            dayStart.AddHours(1), TimeSpan.FromHours(22), ArchivedApps.Ids);
        var files = new Dictionary<(int Hour, int Partition), List<ArchivedEvent>>();
        var nextOffset = new long[SpeedWorkload.PartitionCount];
        long archived = 0;
        for (int r = 0; r < workload.Records.Count; r++)
        {
            var record = workload.Records[r];
            var decoded = EventBatchReader.Decode(record.Payload);
            Add(files, decoded, record.Partition, record.Offset, ref archived);
            nextOffset[record.Partition] = Math.Max(nextOffset[record.Partition], record.NextOffset);
            if (r % DuplicateEvery == DuplicateEvery - 1)
            {
                // The retry lands later in the log, received a minute later; its first copy must win.
                var retried = decoded.ConvertAll(e => e with { ReceivedAt = e.ReceivedAt.AddMinutes(1) });
                long offset = nextOffset[record.Partition]++;
                Add(files, retried, record.Partition, offset, ref archived);
            }
        }
        foreach (var ((hour, partition), rows) in files)
        {
            var key = new ArchiveFileKey(Day, hour, partition, rows.Min(e => e.LogOffset), rows.Max(e => e.LogOffset) + 1);
            using var buffer = new MemoryStream();
            await EventParquetWriter.WriteAsync(rows, buffer, cancellationToken);
            buffer.Position = 0;
            await store.PutAsync(key.Key, buffer, cancellationToken);
        }
        await File.WriteAllTextAsync(countFile, archived.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        return new ArchiveDayFixture(store, archived);
    }

    private static void Add(Dictionary<(int, int), List<ArchivedEvent>> files, List<TallyEvent> events, int partition, long offset, ref long archived)
    {
        foreach (var e in events)
        {
            var (day, hour) = ArchiveLayout.HourOf(e.EventTime);
            if (day != Day)
            {
                continue;
            }
            if (!files.TryGetValue((hour, partition), out var rows))
            {
                files.Add((hour, partition), rows = []);
            }
            rows.Add(new ArchivedEvent(e, partition, offset));
            archived++;
        }
    }
}

/// <summary>The app ids the generator's five apps are archived under.</summary>
internal static class ArchivedApps
{
    public static readonly string[] Ids = ["app-game", "app-fitness", "app-shop", "app-news", "app-chat"];
}
