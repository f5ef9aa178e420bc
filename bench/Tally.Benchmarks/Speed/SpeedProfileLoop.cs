using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Tally.Core.Events;
using Tally.Log;
using Tally.Speed;
using Tally.Speed.Aggregation;
using Tally.Speed.Processing;

namespace Tally.Benchmarks.Speed;

/// <summary>
/// The work of <see cref="SpeedAggregationBenchmarks.ProcessDecoded"/> (or, with <c>steady</c>,
/// <see cref="SpeedAggregationBenchmarks.ProcessSteady"/>) in a plain loop, for a profiler
/// (<c>perf record</c>) that wants one long-running process without BenchmarkDotNet's child processes:
/// <c>Tally.Benchmarks speed-loop [seconds] [cold|steady] [fetch|append]</c>, records in the order a
/// worker that is behind reads them (<see cref="FetchOrder"/>, the default) or in append order. Prints
/// the rate of each pass, per CPU-second of the process and per wall-clock second, and the bytes it
/// allocated per event; after the first pass a digest of the cells, to check that a change leaves the
/// output as it was.
/// </summary>
internal static class SpeedProfileLoop
{
    public static void Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
        bool steady = args.Length > 1 && args[1] switch
        {
            "steady" => true,
            "cold" => false,
            _ => throw new ArgumentException($"Unknown mode '{args[1]}': expected cold or steady."),
        };
        bool fetchOrder = args.Length <= 2 || args[2] switch
        {
            "fetch" => true,
            "append" => false,
            _ => throw new ArgumentException($"Unknown order '{args[2]}': expected fetch or append."),
        };
        var options = new SpeedOptions();
        IReadOnlyList<LogRecord> records;
        IReadOnlyList<List<TallyEvent>> decoded;
        Func<PartitionProcessor[]> processorsForPass;
        if (steady)
        {
            var workload = SpeedAggregationBenchmarks.CreateSteadyWorkload(options);
            (records, decoded) = (workload.Records, workload.Decoded);
            processorsForPass = () => workload.RestoreProcessors(options);
        }
        else
        {
            var workload = SpeedAggregationBenchmarks.CreateWorkload();
            (records, decoded) = (workload.Records, workload.DecodeAll());
            processorsForPass = () => [.. Enumerable.Range(0, SpeedWorkload.PartitionCount).Select(p => new PartitionProcessor(p, options, startOffset: 0))];
        }
        int events = decoded.Sum(batch => batch.Count);
        int[] order = fetchOrder
            ? FetchOrder.Of(records, SpeedWorkload.PartitionCount, options.FetchMaxRecords)
            : [.. Enumerable.Range(0, records.Count)];
        // Steady state reuses the deltas as a worker does across commits; cold starts each pass with new ones.
        var reused = new ViewDeltas();
        var deadline = Stopwatch.StartNew();
        bool first = true;
        while (deadline.Elapsed.TotalSeconds < seconds)
        {
            var processors = processorsForPass();
            var deltas = steady ? reused : new ViewDeltas();
            deltas.Clear();
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var pausedBefore = GC.GetTotalPauseDuration();
            int collectionsBefore = GC.CollectionCount(0);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            long started = Stopwatch.GetTimestamp();
            foreach (int i in order)
            {
                processors[records[i].Partition].ProcessEvents(decoded[i], records[i].NextOffset, deltas);
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            var paused = GC.GetTotalPauseDuration() - pausedBefore;
            int collections = GC.CollectionCount(0) - collectionsBefore;
            // CPU time (of the whole process, GC threads included) is what "per core" means on a shared machine,
            // where wall time also counts the time other processes had the core.
            Console.WriteLine($"{events / cpu.TotalSeconds:N0} events per CPU-second, {events / elapsed.TotalSeconds:N0} events/s wall, {allocated / events:N0} B allocated per event, {collections} collections pausing {paused / elapsed:P0} of the time ({deltas.Count:N0} cells)");
            if (first)
            {
                Console.WriteLine($"cells digest {Digest(deltas)}, state digest {Digest(processors)} (equal digests: the same cells, values, sketch bytes and partition state)");
                first = false;
            }
        }
    }

    // SHA-256 over every cell (key, value, sketch) in key order: compares the output of two builds.
    private static string Digest(ViewDeltas deltas)
    {
        var lines = deltas.ToCells()
            .Select(cell => $"{cell.Key} = {cell.Value:R} [{Convert.ToHexString(cell.Sketch.Span)}]")
            .Order(StringComparer.Ordinal);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))))[..16];
    }

    // SHA-256 over the partitions' state snapshots (filters, property summaries, open sessions).
    private static string Digest(PartitionProcessor[] processors) =>
        Convert.ToHexString(SHA256.HashData([.. processors.SelectMany(processor => processor.Snapshot().State.ToArray())]))[..16];
}
