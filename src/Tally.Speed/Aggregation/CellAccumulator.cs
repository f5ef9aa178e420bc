using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Speed.Aggregation;

/// <summary>
/// The delta of one view cell since the last commit, folded by the metric's aggregation kind:
/// a number for counts, sums, minima and maxima, a HyperLogLog for distinct users, a
/// <see cref="DurationSketch"/> for medians. A struct held in place in <see cref="ViewDeltas"/>'s
/// dictionary: most cells of a commit interval are new, and a separate object per cell was a large
/// share of the speed layer's allocations. A distinct count keeps its first user's hash inline, then
/// a short list of distinct hashes, and creates its HyperLogLog only past <see cref="MaxListedUsers"/>:
/// most distinct cells of a commit interval (a property value, a device model in one hour) see one
/// user or a few, and a sketch is a function of the set of hashes added, so one built at the commit
/// is the sketch that adding them one by one gives.
/// <para>
/// Sixteen bytes, so that a family's accumulators and their key fit a small dictionary entry:
/// folding is mostly cache misses on the tens of thousands of cells of an interval. The metric is not
/// held (every caller has it); one word holds the number's bits, the only user's hash or where the
/// listed users are, the other what has been folded: nothing (null), a number or one user
/// (<see cref="Started"/>), listed users (<see cref="Listed"/>, in the deltas' <see cref="UserLists"/>),
/// or the sketch.
/// </para>
/// </summary>
internal struct CellAccumulator
{
    private static readonly object Started = new();

    // _state while the users are listed in a region of the deltas' UserLists; _bits then holds the
    // region's offset (low 32 bits), its length (next 16) and how many hashes it holds (top 16).
    private static readonly object Listed = new();

    // Distinct users listed before a sketch takes over: most distinct cells of an interval see a few.
    private const int MaxListedUsers = 128;

    private long _bits;
    private object? _state;

    private double Value
    {
        readonly get => BitConverter.Int64BitsToDouble(_bits);
        set => _bits = BitConverter.DoubleToInt64Bits(value);
    }

    private readonly bool HasValue => _state is not null;

    /// <summary>Whether nothing has been folded yet.</summary>
    public readonly bool IsEmpty => _state is null;

    public void Fold(in CellFact cell, UserLists lists)
    {
        var (metric, fact) = (cell.Metric, cell.Fact);
        switch (metric.Kind)
        {
            case AggregationKind.Count:
                Value++;
                break;
            case AggregationKind.Sum:
                Value += ValueOf(metric, fact);
                break;
            case AggregationKind.Min:
                Value = HasValue ? Math.Min(Value, ValueOf(metric, fact)) : ValueOf(metric, fact);
                break;
            case AggregationKind.Max:
                Value = HasValue ? Math.Max(Value, ValueOf(metric, fact)) : ValueOf(metric, fact);
                break;
            case AggregationKind.Distinct:
                AddUser(cell.UserHash, lists);
                return;
            case AggregationKind.DurationMedian:
                Durations().Add(fact.Duration);
                return;
            default:
                throw new InvalidOperationException($"Metric {metric.Name} has unknown aggregation kind {metric.Kind}.");
        }
        _state ??= Started;
    }

    /// <summary>Folds a record's pre-aggregated facts for <paramref name="metric"/>, a member of their family: the same result as folding each of them.</summary>
    public void Fold(PendingCell pending, MetricDefinition metric, UserLists lists)
    {
        switch (metric.Kind)
        {
            case AggregationKind.Count:
                Value += pending.Count;
                break;
            case AggregationKind.Min:
                Value = HasValue ? Math.Min(Value, pending.Min) : pending.Min;
                break;
            case AggregationKind.Max:
                Value = HasValue ? Math.Max(Value, pending.Max) : pending.Max;
                break;
            case AggregationKind.Distinct:
                foreach (long hash in pending.Users)
                {
                    AddUser(hash, lists);
                }
                return;
            case AggregationKind.DurationMedian:
                var durations = Durations();
                foreach (var duration in pending.Durations)
                {
                    durations.Add(duration);
                }
                return;
            default:
                throw new InvalidOperationException($"Metric {metric.Name} of kind {metric.Kind} is folded fact by fact, not pre-aggregated.");
        }
        _state ??= Started;
    }

    /// <summary>The cell of <paramref name="metric"/>, the metric every fold of this accumulator had.</summary>
    public readonly ViewCell ToCell(ViewKey key, MetricDefinition metric, UserLists lists) => metric.Kind switch
    {
        AggregationKind.Distinct => DistinctCell(key, lists),
        AggregationKind.DurationMedian => DurationCell(key),
        _ => new ViewCell(key, Value),
    };

    // Before the first user _state is null; after it, _bits holds that user; from the second, the distinct
    // hashes are listed unsorted in a region of the deltas' UserLists, until a sketch takes over.
    private void AddUser(long hash, UserLists lists)
    {
        if (_state == Listed)
        {
            AddListed(hash, lists);
        }
        else if (_state is HyperLogLog users)
        {
            users.AddHash(hash);
        }
        else if (_state is null)
        {
            _bits = hash;
            _state = Started;
        }
        else if (hash != _bits)
        {
            const int firstLength = 4;
            int offset = lists.Allocate(firstLength);
            var region = lists.Region(offset, firstLength);
            region[0] = _bits;
            region[1] = hash;
            _bits = ListedBits(offset, firstLength, count: 2);
            _state = Listed;
        }
    }

    private void AddListed(long hash, UserLists lists)
    {
        var (offset, length, count) = ((int)_bits, (int)((ulong)_bits >> 32) & 0xFFFF, (int)((ulong)_bits >> 48));
        // A vectorised scan of a few cache lines in a row is cheaper than a sorted insert's dependent reads.
        if (lists.Region(offset, count).Contains(hash))
        {
            return;
        }
        if (count == length)
        {
            if (count == MaxListedUsers)
            {
                var users = SketchOf(lists.Region(offset, count));
                users.AddHash(hash);
                _state = users;
                return;
            }
            (offset, length) = (lists.Grow(offset, length), 2 * length);
        }
        lists.Region(offset, length)[count] = hash;
        _bits = ListedBits(offset, length, count + 1);
    }

    private static long ListedBits(int offset, int length, int count) =>
        (long)(((ulong)count << 48) | ((ulong)length << 32) | (uint)offset);

    private DurationSketch Durations()
    {
        if (_state is not DurationSketch durations)
        {
            durations = new DurationSketch();
            _state = durations;
        }
        return durations;
    }

    // A sketch is a function of the set of hashes added, whatever their order: built late, it is the same sketch.
    private readonly ViewCell DistinctCell(ViewKey key, UserLists lists)
    {
        var users = _state == Listed
            ? SketchOf(lists.Region((int)_bits, (int)((ulong)_bits >> 48)))
            : _state as HyperLogLog ?? SketchOf([_bits]);
        return new ViewCell(key, users.Estimate(), users.ToBytes());
    }

    private static HyperLogLog SketchOf(ReadOnlySpan<long> hashes)
    {
        var users = HyperLogLog.Create();
        foreach (long hash in hashes)
        {
            users.AddHash(hash);
        }
        return users;
    }

    private readonly ViewCell DurationCell(ViewKey key)
    {
        var durations = (DurationSketch)_state!;
        return new ViewCell(key, durations.Median?.TotalSeconds ?? 0, durations.ToBytes());
    }

    internal static double ValueOf(MetricDefinition metric, in Fact fact) =>
        metric.Value?.Invoke(fact)
            ?? throw new InvalidOperationException($"Metric {metric.Name} of kind {metric.Kind} has no Value.");
}
