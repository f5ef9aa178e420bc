using System.Globalization;
using System.Text;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Speed;
using Tally.Speed.Aggregation;
using Tally.Speed.Processing;

namespace Tally.Benchmarks.Speed;

/// <summary>
/// State memory of the speed layer (issue 3): <c>Tally.Benchmarks speed-memory</c>. For a small app
/// and a larger one, processes one hour of traffic into <see cref="ViewDeltas"/> without committing
/// (the worst case of a commit interval) and reports, per (app, metric, key, dimension value, hour)
/// cell: the heap bytes the deltas hold (measured with full garbage collections, so key strings only
/// the deltas keep alive are included) and the bytes committed (key strings in UTF-8, bucket, value
/// and sketch). Then the partition state snapshots (filters, open sessions, property breakdowns).
/// </summary>
internal static class SpeedMemoryReport
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    public static void Run()
    {
        // 50 devices sending 50 uploads of 20 events in the hour: 1,000 events/hour from at most 50 users.
        Report("small app (50 users, 1,000 events/hour)", SpeedWorkload.Create(50, 20, devices: 50, Start, TimeSpan.FromHours(1), ["app-small"]));
        Report("larger app (5,000 users, 100,000 events/hour)", SpeedWorkload.Create(1_000, 100, devices: 5_000, Start, TimeSpan.FromHours(1), ["app-large"]));
    }

    private static void Report(string title, SpeedWorkload workload)
    {
        // The same records twice, from empty state: once into deltas, once only rebuilding the state
        // (as a replay does). The state is the same both times, so the difference is what the deltas hold.
        var (withDeltas, cells, snapshots) = Measure(workload, withDeltas: true);
        var (stateOnly, _, _) = Measure(workload, withDeltas: false);
        long held = withDeltas - stateOnly;

        Console.WriteLine($"## {title}: {workload.EventCount:N0} events in {workload.Records.Count:N0} records, {cells.Count:N0} cells");
        Console.WriteLine($"held between commits: {Per(held, cells.Count)} bytes per cell ({Kib(held)} in all)");
        Console.WriteLine($"committed:            {Per(cells.Sum(cell => cell.Bytes), cells.Count)} bytes per cell ({Kib(cells.Sum(cell => cell.Bytes))} in all)");
        foreach (var kind in cells.GroupBy(cell => cell.Metric.Kind).OrderBy(group => group.Key))
        {
            Console.WriteLine($"  {kind.Key,-15} {kind.Count(),7:N0} cells, committed {Per(kind.Sum(cell => cell.Bytes), kind.Count())} bytes per cell, of which sketch {Per(kind.Sum(cell => (long)cell.SketchBytes), kind.Count())}");
        }
        Console.WriteLine($"partition state: {Kib(stateOnly)} on the heap over {snapshots.Length} partitions; snapshots {Kib(snapshots.Sum())} in all, {Kib(snapshots.Min())} to {Kib(snapshots.Max())} per partition");
        Console.WriteLine();
    }

    /// <summary>Heap bytes the processors (and deltas) hold after processing the workload from empty state.</summary>
    private static (long HeldBytes, List<(MetricDefinition Metric, long Bytes, int SketchBytes)> Cells, int[] Snapshots) Measure(SpeedWorkload workload, bool withDeltas)
    {
        var options = new SpeedOptions();
        long before = HeapBytes();
        var processors = Enumerable.Range(0, SpeedWorkload.PartitionCount).Select(p => new PartitionProcessor(p, options, startOffset: 0)).ToArray();
        var deltas = withDeltas ? new ViewDeltas() : null;
        foreach (var record in workload.Records)
        {
            processors[record.Partition].Process(record, deltas);
        }
        long held = HeapBytes() - before;
        GC.KeepAlive(processors);
        GC.KeepAlive(deltas);
        var cells = deltas?.ToCells().Select(cell => (Metrics.FindStored(cell.Key.Metric)!, CommittedBytes(cell), cell.Sketch.Length)).ToList() ?? [];
        return (held, cells, [.. processors.Select(processor => processor.Snapshot().State.Length)]);
    }

    // What the view store keeps per cell: the key's strings (UTF-8), bucket size and start, the value, the sketch.
    private static long CommittedBytes(ViewCell cell)
    {
        var key = cell.Key;
        int strings = new[] { key.AppId, key.Metric, key.Key, key.Dimension, key.DimensionValue }.Sum(Encoding.UTF8.GetByteCount);
        return strings + sizeof(byte) + sizeof(long) + sizeof(double) + cell.Sketch.Length;
    }

    private static long HeapBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes - GC.GetGCMemoryInfo(GCKind.FullBlocking).FragmentedBytes;
    }

    private static string Per(long bytes, int count) => count == 0 ? "-" : (bytes / (double)count).ToString("N0", CultureInfo.InvariantCulture);

    private static string Kib(long bytes) => (bytes / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " KiB";
}
