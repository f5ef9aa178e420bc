using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Tally.Core.Events;
using Tally.Speed;
using Tally.Speed.Processing;

namespace Tally.Benchmarks.Speed;

/// <summary>
/// The property-value part of the steady-state speed loop alone: <c>Tally.Benchmarks speed-props [seconds]</c>.
/// One <see cref="PropertyBreakdowns"/> per partition holds the first hour's summaries; each pass
/// restores them (not measured) and runs the next hour's events through <see cref="PropertyBreakdowns.ValuesOf"/>.
/// Prints events per CPU-second per pass and, after the first, a digest of every value yielded and of
/// the summaries, so two builds can be compared on identical output.
/// </summary>
internal static class SpeedPropertiesLoop
{
    public static void Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var options = new SpeedOptions();
        var both = SpeedAggregationBenchmarks.CreateTwoHourWorkload();
        var decoded = both.DecodeAll();
        var warm = Enumerable.Range(0, SpeedWorkload.PartitionCount).Select(_ => new PropertyBreakdowns(options)).ToArray();
        int measuredFrom = 0;
        while (both.Records[measuredFrom].AppendedAt <= SpeedAggregationBenchmarks.SecondHour)
        {
            foreach (var e in decoded[measuredFrom])
            {
                warm[both.Records[measuredFrom].Partition].ValuesOf(e);
            }
            measuredFrom++;
        }
        byte[][] saved = [.. warm.Select(Save)];
        int events = decoded.Skip(measuredFrom).Sum(batch => batch.Count);
        var deadline = Stopwatch.StartNew();
        bool first = true;
        while (deadline.Elapsed.TotalSeconds < seconds)
        {
            var breakdowns = saved.Select(Restore(options)).ToArray();
            var output = first ? new XxHash64() : null;
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            for (int i = measuredFrom; i < decoded.Count; i++)
            {
                var partition = breakdowns[both.Records[i].Partition];
                foreach (TallyEvent e in decoded[i])
                {
                    var values = partition.ValuesOf(e);
                    if (output is not null)
                    {
                        foreach (var value in values)
                        {
                            output.Append(Encoding.UTF8.GetBytes($"{value.Dimension}\u001f{value.Value}\u001e"));
                        }
                    }
                }
            }
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            Console.WriteLine($"{events / cpu.TotalSeconds:N0} events per CPU-second, {allocated / events:N0} B allocated per event");
            if (output is not null)
            {
                var state = new XxHash64();
                foreach (var partition in breakdowns)
                {
                    state.Append(Save(partition));
                }
                Console.WriteLine($"values digest {output.GetCurrentHashAsUInt64():X16}, summaries digest {state.GetCurrentHashAsUInt64():X16} (the first pass also hashes its output, so it is slower)");
                first = false;
            }
        }
    }

    private static byte[] Save(PropertyBreakdowns breakdowns)
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes, Encoding.UTF8, leaveOpen: true))
        {
            breakdowns.WriteTo(writer);
        }
        return bytes.ToArray();
    }

    private static Func<byte[], PropertyBreakdowns> Restore(SpeedOptions options) => bytes =>
    {
        var breakdowns = new PropertyBreakdowns(options);
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        breakdowns.ReadFrom(reader);
        return breakdowns;
    };
}
