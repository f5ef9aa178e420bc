using System.Runtime.InteropServices;
using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Batch.Computation;

/// <summary>
/// The exact value of every cell of one day. Facts fold into hour cells only; day cells are derived
/// from them at the end. No object per cell: counts, sums, minima and maxima are one number each,
/// distinct users a list of (cell, user) pairs (repeats allowed) and session lengths a list of (cell,
/// length) pairs, each sorted once per day to read off exact values and build the sketches.
/// </summary>
internal sealed class CellTable(IReadOnlyList<MetricDefinition> metrics)
{
    private readonly Dictionary<CellKey, int> _ids = [];
    private readonly List<CellKey> _keys = [];
    private readonly List<double> _values = [];
    // Pairs sorted once at the end rather than a hash set probed ~13 times per event: the set's random
    // memory accesses cost more than the sort. Repeats are mostly caught by _lastUsers and dropped by the sort.
    private readonly List<long> _users = [];
    // Per cell, the user last added to its pairs: a user's events come in runs (one upload) that fold
    // into the same cells, so most repeats (~4 in 5 on the benchmark's day) are never added.
    private readonly List<int> _lastUsers = [];
    private readonly List<(int Cell, long Ticks)> _lengths = [];
    // Below this, a list's repeats cost too little memory to be worth a sort.
    private const int MinPairsToCompact = 1 << 20;

    public int Count => _keys.Count;

    public int CellOf(in CellKey key)
    {
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, key, out bool exists);
        if (!exists)
        {
            id = _keys.Count;
            _keys.Add(key);
            _values.Add(double.NaN);
            _lastUsers.Add(-1);
        }
        return id;
    }

    public void Fold(int cell, MetricDefinition metric, in Fact fact, int userKey)
    {
        var values = CollectionsMarshal.AsSpan(_values);
        switch (metric.Kind)
        {
            case AggregationKind.Count:
                values[cell] = double.IsNaN(values[cell]) ? 1 : values[cell] + 1;
                break;
            case AggregationKind.Sum:
                values[cell] = (double.IsNaN(values[cell]) ? 0 : values[cell]) + ValueOf(metric, fact);
                break;
            case AggregationKind.Min:
                values[cell] = double.IsNaN(values[cell]) ? ValueOf(metric, fact) : Math.Min(values[cell], ValueOf(metric, fact));
                break;
            case AggregationKind.Max:
                values[cell] = double.IsNaN(values[cell]) ? ValueOf(metric, fact) : Math.Max(values[cell], ValueOf(metric, fact));
                break;
            case AggregationKind.Distinct:
                ref int lastUser = ref CollectionsMarshal.AsSpan(_lastUsers)[cell];
                if (lastUser != userKey)
                {
                    lastUser = userKey;
                    AddUser(Pair(cell, userKey));
                }
                break;
            case AggregationKind.DurationMedian:
                _lengths.Add((cell, fact.Duration.Ticks));
                break;
            default:
                throw new InvalidOperationException($"Metric {metric.Name} has unknown aggregation kind {metric.Kind}.");
        }
    }

    private void AddUser(long pair)
    {
        // Users whose events interleave with others' in a cell add repeats: dropping them before the
        // list grows keeps it within about twice the distinct pairs.
        if (_users.Count == _users.Capacity && _users.Count >= MinPairsToCompact)
        {
            var span = CollectionsMarshal.AsSpan(_users);
            span.Sort();
            int distinct = 0;
            for (int i = 0; i < span.Length; i++)
            {
                if (distinct == 0 || span[i] != span[distinct - 1])
                {
                    span[distinct++] = span[i];
                }
            }
            CollectionsMarshal.SetCount(_users, distinct);
            if (distinct > _users.Capacity / 2)
            {
                _users.Capacity *= 2;
            }
        }
        _users.Add(pair);
    }

    /// <summary>Every hour and day cell, with exact values and, for distinct counts and medians, their sketches.</summary>
    /// <param name="userHash">The HyperLogLog hash of a user key's user.</param>
    public List<ViewCell> ToCells(DayWindow window, Func<int, long> userHash)
    {
        var dayCells = DeriveDayCells();
        var cells = new List<ViewCell>(_keys.Count);
        for (int cell = 0; cell < _keys.Count; cell++)
        {
            var metric = metrics[_keys[cell].Metric];
            if (metric.Kind is not (AggregationKind.Distinct or AggregationKind.DurationMedian))
            {
                cells.Add(new ViewCell(ViewKeyOf(cell, window), _values[cell]));
            }
        }
        AddDistinctCells(cells, dayCells, window, userHash);
        AddMedianCells(cells, dayCells, window);
        return cells;
    }

    /// <summary>Folds each hour cell's number into its day cell; returns each hour cell's day cell.</summary>
    private int[] DeriveDayCells()
    {
        int hourCells = _keys.Count;
        var dayOf = new int[hourCells];
        for (int cell = 0; cell < hourCells; cell++)
        {
            dayOf[cell] = CellOf(_keys[cell] with { Hour = CellKey.WholeDay });
            var kind = metrics[_keys[cell].Metric].Kind;
            double hour = _values[cell];
            double day = _values[dayOf[cell]];
            _values[dayOf[cell]] = double.IsNaN(day) ? hour : kind switch
            {
                AggregationKind.Count or AggregationKind.Sum => day + hour,
                AggregationKind.Min => Math.Min(day, hour),
                AggregationKind.Max => Math.Max(day, hour),
                _ => day,
            };
        }
        return dayOf;
    }

    private void AddDistinctCells(List<ViewCell> cells, int[] dayOf, DayWindow window, Func<int, long> userHash)
    {
        var pairs = new long[_users.Count * 2];
        int n = 0;
        foreach (long pair in _users)
        {
            pairs[n++] = pair;
            pairs[n++] = Pair(dayOf[CellOfPair(pair)], UserOfPair(pair));
        }
        _users.Clear();
        Array.Sort(pairs);
        for (int i = 0; i < pairs.Length;)
        {
            int cell = CellOfPair(pairs[i]);
            var sketch = HyperLogLog.Create();
            long distinct = 0;
            for (long previous = -1; i < pairs.Length && CellOfPair(pairs[i]) == cell; i++)
            {
                // A user in several hours of a day appears once per hour among the day pairs, and an hour
                // pair may appear more than once (see _users).
                if (pairs[i] != previous)
                {
                    distinct++;
                    sketch.AddHash(userHash(UserOfPair(pairs[i])));
                    previous = pairs[i];
                }
            }
            cells.Add(new ViewCell(ViewKeyOf(cell, window), distinct, sketch.ToBytes()));
        }
    }

    private void AddMedianCells(List<ViewCell> cells, int[] dayOf, DayWindow window)
    {
        var lengths = new (int Cell, long Ticks)[_lengths.Count * 2];
        int n = 0;
        foreach (var (cell, ticks) in _lengths)
        {
            lengths[n++] = (cell, ticks);
            lengths[n++] = (dayOf[cell], ticks);
        }
        _lengths.Clear();
        Array.Sort(lengths);
        for (int i = 0; i < lengths.Length;)
        {
            int cell = lengths[i].Cell;
            int first = i;
            var sketch = new DurationSketch();
            for (; i < lengths.Length && lengths[i].Cell == cell; i++)
            {
                sketch.Add(TimeSpan.FromTicks(lengths[i].Ticks));
            }
            // The lower median: the same rank the sketch answers for.
            var median = TimeSpan.FromTicks(lengths[first + (i - first - 1) / 2].Ticks);
            cells.Add(new ViewCell(ViewKeyOf(cell, window), median.TotalSeconds, sketch.ToBytes()));
        }
    }

    private ViewKey ViewKeyOf(int cell, DayWindow window)
    {
        var key = _keys[cell];
        var strings = window.Strings;
        bool wholeDay = key.Hour == CellKey.WholeDay;
        return new ViewKey(strings[key.App], metrics[key.Metric].Name, strings[key.Key], strings[key.Dimension], strings[key.Value],
            wholeDay ? BucketSize.Day : BucketSize.Hour, wholeDay ? window.DayStart : window.DayStart.AddHours(key.Hour));
    }

    private static long Pair(int cell, int userKey) => ((long)cell << 32) | (uint)userKey;

    private static int CellOfPair(long pair) => (int)(pair >> 32);

    private static int UserOfPair(long pair) => (int)pair;

    private static double ValueOf(MetricDefinition metric, in Fact fact) =>
        metric.Value?.Invoke(fact)
            ?? throw new InvalidOperationException($"Metric {metric.Name} of kind {metric.Kind} has no Value.");
}
