using System.Diagnostics;
using Tally.Bench.Payloads;
using Tally.Load.Cpu;
using Tally.Load.Reports;

namespace Tally.Load.Decode;

/// <summary>
/// Runs each bare-decode variant on one thread over the payload pool and measures its CPU.
/// The CPU is the whole process's (so it includes GC and JIT threads, as the collector's
/// does), which on an otherwise idle process is this thread's work plus the runtime's share.
/// </summary>
internal static class DecodeRunner
{
    // Long enough for tiered JIT to reach the optimised code before the clock starts.
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);

    public static DecodeReport Run(PayloadPool pool, PoolSummary summary, TimeSpan perVariant, TextWriter progress, CancellationToken cancellationToken)
    {
        using var decoder = new BareDecoder();
        var results = new List<DecodeVariantResult>();
        foreach (var variant in DecodeVariants.All)
        {
            progress.WriteLine($"Decoding with '{variant.Name}' for {perVariant.TotalSeconds:0.#} s...");
            DecodeFor(variant, decoder, pool, Warmup, cancellationToken);
            results.Add(Measure(variant, decoder, pool, perVariant, cancellationToken));
        }

        return new DecodeReport(summary, results);
    }

    private static DecodeVariantResult Measure(DecodeVariant variant, BareDecoder decoder, PayloadPool pool, TimeSpan duration, CancellationToken cancellationToken)
    {
        var cpuBefore = ProcessCpuTime.Own();
        var clock = Stopwatch.StartNew();
        var events = DecodeFor(variant, decoder, pool, duration, cancellationToken);
        var wall = clock.Elapsed;
        var cpu = ProcessCpuTime.Own() - cpuBefore;
        var cost = CpuCost.Of(cpu, events);
        return new DecodeVariantResult(
            variant.Name,
            variant.Description,
            events,
            Math.Round(wall.TotalSeconds, 2),
            Math.Round(events / wall.TotalSeconds),
            cost.CpuSeconds,
            cost.CpuSecondsPerMillionEvents,
            cost.EventsPerCpuSecond);
    }

    private static long DecodeFor(DecodeVariant variant, BareDecoder decoder, PayloadPool pool, TimeSpan duration, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long events = 0;
        var next = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var payload = pool.Payloads[next];
            next = (next + 1) % pool.Payloads.Count;
            var decoded = variant.DecodeBatch(decoder, payload);
            if (decoded != payload.EventCount)
            {
                throw new InvalidDataException($"'{variant.Name}' found {decoded} events in a batch of {payload.EventCount}.");
            }

            events += decoded;
        }

        return events;
    }
}
