using System.Runtime.InteropServices;
using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Speed.Aggregation;

/// <summary>
/// Folds the facts of one log record together before they reach <see cref="ViewDeltas"/>. A record
/// is one upload, mostly of one device: its facts share the app, the user, the context (so every
/// context breakdown value) and mostly the hour. So they are first folded per (app,
/// <see cref="MetricFamily"/>, key, bucket, breakdown values) into <see cref="PendingCell"/>s, and
/// only at the end of the record is each pending cell folded into its total and breakdown cells:
/// one view-cell fold per distinct combination and family instead of one per fact, cell and
/// metric. Property cells are folded fact by fact: their values (ids, amounts) rarely repeat
/// within a record.
/// <para>
/// The cells end up exactly as <see cref="FactEvaluator.Evaluate"/> fact by fact would leave them:
/// counts are sums of whole numbers, minima and maxima and HyperLogLog adds do not depend on order
/// or repetition, duration sketches count per bucket. Sums of doubles do depend on order, so
/// <see cref="AggregationKind.Sum"/> metrics are folded fact by fact.
/// </para>
/// </summary>
internal sealed class RecordAggregator
{
    private readonly Dictionary<PendingKey, PendingCell> _pending = [];
    private readonly List<PendingCell> _pool = [];
    private readonly List<(int Dimension, int Value)> _propertyIds = [];
    private readonly List<(PendingCell Pending, CellId Id)> _flushed = [];
    private int _pooledInUse;
    private string? _lastUser;
    private long _lastUserHash;

    /// <summary>
    /// Folds <paramref name="fact"/> into this record's pending cells (sums straight into
    /// <paramref name="deltas"/>). Every fact of a record and its <see cref="FlushInto"/> go to the same deltas.
    /// </summary>
    public void Add(in Fact fact, FactPhase phase, IReadOnlyList<PropertyValue> propertyValues, ViewDeltas deltas)
    {
        var strings = deltas.Strings;
        long hour = ViewKey.BucketOf(fact.Time, BucketSize.Hour).UtcTicks;
        long? userHash = null;
        int app = -1;
        // Most families share one list of breakdowns: the fact's tuple is looked up once per list.
        IReadOnlyList<Dimension>? tupleDimensions = null;
        int tuple = NoTuple;
        // Most families share one key dimension too (the total, or the event name): numbered once per dimension.
        Dimension? keyDimension = null;
        int key = 0;
        bool propertiesNumbered = false;
        var families = MetricFamily.Stored;
        for (int f = 0; f < families.Count; f++)
        {
            var family = families[f];
            if (!family.Applies(fact, phase))
            {
                continue;
            }
            // Computed once per fact: every distinct-count cell of a fact adds the same user.
            userHash ??= UserHashOf(fact.User);
            if (family.FoldedFactByFact)
            {
                foreach (var metric in family.Members)
                {
                    FactEvaluator.EvaluateMetric(new CellFact(metric, fact, userHash.Value), propertyValues, deltas);
                }
                continue;
            }
            var lead = family.Lead;
            if (app < 0)
            {
                app = strings.IdOf(fact.AppId);
            }
            if (!ReferenceEquals(keyDimension, lead.Key))
            {
                keyDimension = lead.Key;
                key = strings.IdOf(lead.Key.ValueOf(fact));
            }
            if (!ReferenceEquals(tupleDimensions, lead.Breakdowns))
            {
                tupleDimensions = lead.Breakdowns;
                tuple = deltas.Tuples.IndexOf(lead.Breakdowns, fact, strings);
            }
            Pending(new PendingKey(app, f, key, BucketSize.Hour, hour, tuple, FanOut, FanOut), family).Fold(fact, userHash.Value);
            if (lead.BreaksDownByProperties)
            {
                if (!propertiesNumbered)
                {
                    NumberProperties(propertyValues, strings);
                    propertiesNumbered = true;
                }
                // Straight into the deltas: a property value is mostly one fact's (an id, an amount), so a
                // pending cell would mostly hold that one fact and cost more than it saves. The cells are
                // mostly out of cache and independent: all are asked for before the first is folded.
                foreach (var (dimension, value) in _propertyIds)
                {
                    deltas.Prefetch(new CellId(app, f, key, dimension, value, BucketSize.Hour, hour));
                }
                foreach (var (dimension, value) in _propertyIds)
                {
                    deltas.Fold(family, new CellId(app, f, key, dimension, value, BucketSize.Hour, hour), fact, userHash.Value);
                }
            }
            if (family.HasMinuteCells)
            {
                long minute = ViewKey.BucketOf(fact.Time, BucketSize.Minute).UtcTicks;
                var pendingKey = new PendingKey(app, f, key, BucketSize.Minute, minute, NoTuple, CellStrings.TotalName, CellStrings.TotalValue);
                Pending(pendingKey, family).Fold(fact, userHash.Value);
            }
        }
    }

    // A record's facts mostly share the user's string: it is hashed once, not once per fact.
    private long UserHashOf(string user)
    {
        if (!ReferenceEquals(user, _lastUser))
        {
            _lastUserHash = HyperLogLog.HashOf(user);
            _lastUser = user;
        }
        return _lastUserHash;
    }

    private void NumberProperties(IReadOnlyList<PropertyValue> propertyValues, CellStrings strings)
    {
        _propertyIds.Clear();
        // Indexed: a foreach over the interface would box an enumerator per event.
        for (int i = 0; i < propertyValues.Count; i++)
        {
            var property = propertyValues[i];
            _propertyIds.Add((strings.IdOf(property.Dimension), strings.IdOf(property.Value)));
        }
    }

    /// <summary>Folds every pending cell into its view cells and starts the next record empty.</summary>
    public void FlushInto(ViewDeltas deltas)
    {
        _flushed.Clear();
        foreach (var (key, pending) in _pending)
        {
            if (key.Dimension != FanOut)
            {
                _flushed.Add((pending, new CellId(key.AppId, key.Family, key.Key, key.Dimension, key.DimensionValue, key.Size, key.BucketTicks)));
                continue;
            }
            _flushed.Add((pending, new CellId(key.AppId, key.Family, key.Key, CellStrings.TotalName, CellStrings.TotalValue, key.Size, key.BucketTicks)));
            int[] names = deltas.Tuples.NameIdsAt(key.Tuple);
            int[] values = deltas.Tuples.ValueIdsAt(key.Tuple);
            for (int d = 0; d < names.Length; d++)
            {
                _flushed.Add((pending, new CellId(key.AppId, key.Family, key.Key, names[d], values[d], key.Size, key.BucketTicks)));
            }
        }
        // The cells are mostly out of cache and independent of each other: each fold asks for the cell
        // PrefetchDistance folds ahead, so that many loads overlap instead of one waiting at a time.
        var cells = CollectionsMarshal.AsSpan(_flushed);
        for (int i = 0; i < Math.Min(PrefetchDistance, cells.Length); i++)
        {
            deltas.Prefetch(cells[i].Id);
        }
        for (int i = 0; i < cells.Length; i++)
        {
            if (i + PrefetchDistance < cells.Length)
            {
                deltas.Prefetch(cells[i + PrefetchDistance].Id);
            }
            deltas.Fold(cells[i].Pending, cells[i].Id);
        }
        Clear();
    }

    // Enough loads in flight to cover a miss's latency with the work of the folds in between.
    private const int PrefetchDistance = 8;

    /// <summary>Drops the pending cells (a record that failed half way leaves nothing behind).</summary>
    public void Clear()
    {
        _pending.Clear();
        _pooledInUse = 0;
    }

    private const int NoTuple = -1;

    // The dimension of a pending cell that folds into the total and every breakdown of its tuple.
    private const int FanOut = -1;

    private PendingCell Pending(in PendingKey key, MetricFamily family)
    {
        if (_pending.TryGetValue(key, out var pending))
        {
            return pending;
        }
        if (_pooledInUse == _pool.Count)
        {
            _pool.Add(new PendingCell());
        }
        pending = _pool[_pooledInUse++];
        pending.Reset(family);
        _pending.Add(key, pending);
        return pending;
    }

    /// <summary>
    /// Which view cells a pending cell folds into, strings numbered by <see cref="CellStrings"/>: with
    /// <see cref="Dimension"/> <see cref="FanOut"/> the total and each breakdown of tuple <see cref="Tuple"/>,
    /// else just that one dimension value. <see cref="Family"/> is the index in <see cref="MetricFamily.Stored"/>.
    /// </summary>
    private readonly record struct PendingKey(
        int AppId, int Family, int Key, BucketSize Size, long BucketTicks, int Tuple, int Dimension, int DimensionValue);
}
