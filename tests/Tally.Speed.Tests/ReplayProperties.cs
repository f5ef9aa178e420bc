using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tally.Core.Views;
using Tally.Speed.Aggregation;
using Tally.Speed.Processing;

namespace Tally.Speed.Tests;

public sealed class ReplayProperties
{
    private static readonly SpeedOptions Options = new();
    private static readonly GeneratedTraffic Traffic = GeneratedTraffic.Create(seed: 21, usersPerApp: 6, burstsPerUser: 3);

    /// <summary>
    /// Counting up to record m, crashing, restoring the snapshot of record k ≤ m and replaying
    /// k..m (suppressed) before counting on gives the views of one pass without a crash.
    /// </summary>
    [Property(MaxTest = 40)]
    public Property Replaying_a_range_again_changes_nothing(PositiveInt a, PositiveInt b)
    {
        int n = Traffic.Records.Count;
        int k = Math.Min(a.Get, b.Get) % (n + 1);
        int m = k + (Math.Max(a.Get, b.Get) - Math.Min(a.Get, b.Get)) % (n + 1 - k);

        var once = new ViewDeltas();
        var single = new PartitionProcessor(0, Options, 0);
        Feed(single, 0, n, once, suppressBefore: 0);

        var twice = new ViewDeltas();
        var first = new PartitionProcessor(0, Options, 0);
        Feed(first, 0, k, twice, suppressBefore: 0);
        var snapshot = first.Snapshot();
        Feed(first, k, m, twice, suppressBefore: 0);
        var restored = PartitionProcessor.Restore(0, Options, snapshot);
        Feed(restored, k, n, twice, suppressBefore: m);

        return (Cells(once).SequenceEqual(Cells(twice))
            && single.Snapshot().State.Span.SequenceEqual(restored.Snapshot().State.Span))
            .Label($"k={k} m={m} n={n}");
    }

    private static void Feed(PartitionProcessor processor, int from, int to, ViewDeltas deltas, int suppressBefore)
    {
        for (int i = from; i < to; i++)
        {
            processor.ProcessEvents(Traffic.Records[i], i + 1, i < suppressBefore ? null : deltas);
        }
    }

    private static List<(string Key, double Value)> Cells(ViewDeltas deltas) =>
        [.. deltas.ToCells().Select(c => (c.Key.ToString(), c.Value)).OrderBy(c => c.Item1, StringComparer.Ordinal)];
}
