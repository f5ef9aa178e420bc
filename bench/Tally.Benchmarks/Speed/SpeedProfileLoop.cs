using System.Diagnostics;
using Tally.Speed;
using Tally.Speed.Aggregation;
using Tally.Speed.Processing;

namespace Tally.Benchmarks.Speed;

/// <summary>
/// The work of <see cref="SpeedAggregationBenchmarks.ProcessDecoded"/> in a plain loop, for a
/// profiler (<c>perf record</c>) that wants one long-running process without BenchmarkDotNet's
/// child processes: <c>Tally.Benchmarks speed-loop [seconds]</c>. Prints the rate of each pass, per
/// CPU-second of the process and per wall-clock second.
/// </summary>
internal static class SpeedProfileLoop
{
    public static void Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
        var workload = SpeedAggregationBenchmarks.CreateWorkload();
        var decoded = workload.DecodeAll();
        var options = new SpeedOptions();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed.TotalSeconds < seconds)
        {
            var processors = Enumerable.Range(0, SpeedWorkload.PartitionCount).Select(p => new PartitionProcessor(p, options, startOffset: 0)).ToArray();
            var deltas = new ViewDeltas();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            long started = Stopwatch.GetTimestamp();
            for (int i = 0; i < workload.Records.Count; i++)
            {
                var record = workload.Records[i];
                processors[record.Partition].ProcessEvents(decoded[i], record.NextOffset, deltas);
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            // CPU time (of the whole process, GC threads included) is what "per core" means on a shared machine,
            // where wall time also counts the time other processes had the core.
            Console.WriteLine($"{workload.EventCount / cpu.TotalSeconds:N0} events per CPU-second, {workload.EventCount / elapsed.TotalSeconds:N0} events/s wall ({deltas.Count:N0} cells)");
        }
    }
}
