using Tally.Core.Metrics;
using Tally.Core.Views;

namespace Tally.Speed.Aggregation;

/// <summary>
/// The view deltas accumulated since the last commit: per cell key of a <see cref="MetricFamily"/>,
/// one accumulator per member. Handed to the view store as <see cref="ViewCell"/>s, which it merges
/// into the stored cells.
/// </summary>
public sealed class ViewDeltas
{
    private readonly CellTable _cells = new();
    private readonly UserLists _userLists = new();

    /// <summary>View cells (one per metric and key) folded into since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>The numbering of the cell keys' strings; valid until <see cref="Clear"/>.</summary>
    internal CellStrings Strings { get; } = new();

    /// <summary>
    /// The numbering of the facts' breakdown tuples, by <see cref="Strings"/>; valid until <see cref="Clear"/>.
    /// Kept for the commit interval rather than per record, so a tuple's arrays are allocated once per interval.
    /// </summary>
    internal BreakdownTuples Tuples { get; } = new();

    internal void Fold(in CellFact fact, in ViewKey key)
    {
        var (family, member) = MetricFamily.Of(fact.Metric);
        var id = new CellId(Strings.IdOf(key.AppId), family.Index, Strings.IdOf(key.Key),
            Strings.IdOf(key.Dimension), Strings.IdOf(key.DimensionValue), key.Size, key.BucketStart.UtcTicks);
        Fold(ref CellOf(id)[member], fact);
    }

    /// <summary>Folds <paramref name="pending"/> into every member's accumulator of cell <paramref name="id"/> of its family.</summary>
    internal void Fold(PendingCell pending, in CellId id)
    {
        var family = pending.Family;
        ref var cell = ref CellOf(id);
        var members = family.Members;
        for (int m = 0; m < members.Count; m++)
        {
            ref var accumulator = ref cell[m];
            Count += accumulator.IsEmpty ? 1 : 0;
            accumulator.Fold(pending, members[m], _userLists);
        }
    }

    /// <summary>Folds one fact into every member's accumulator of cell <paramref name="id"/> of <paramref name="family"/>.</summary>
    internal void Fold(MetricFamily family, in CellId id, in Fact fact, long userHash)
    {
        ref var cell = ref CellOf(id);
        var members = family.Members;
        for (int m = 0; m < members.Count; m++)
        {
            Fold(ref cell[m], new CellFact(members[m], fact, userHash));
        }
    }

    /// <summary>Starts loading cell <paramref name="id"/> ahead of a fold (see <see cref="Aggregation.Prefetch"/>).</summary>
    internal void Prefetch(in CellId id) => _cells.Prefetch(id);

    private void Fold(ref CellAccumulator accumulator, in CellFact fact)
    {
        Count += accumulator.IsEmpty ? 1 : 0;
        accumulator.Fold(fact, _userLists);
    }

    public IReadOnlyList<ViewCell> ToCells()
    {
        var cells = new List<ViewCell>(Count);
        foreach (var (id, accumulators) in _cells.Cells())
        {
            var members = MetricFamily.Stored[id.Family].Members;
            for (int m = 0; m < members.Count; m++)
            {
                // A cell folded fact by fact (FactEvaluator) may not have met every member.
                if (!accumulators[m].IsEmpty)
                {
                    cells.Add(accumulators[m].ToCell(KeyOf(id, members[m].Name), members[m], _userLists));
                }
            }
        }
        return cells;
    }

    public void Clear()
    {
        _cells.Clear();
        Count = 0;
        _userLists.Clear();
        Strings.Clear();
        Tuples.Clear();
    }

    private ref FamilyAccumulators CellOf(in CellId id) => ref _cells.GetOrAdd(id);

    private ViewKey KeyOf(in CellId id, string metric) => new(Strings[id.AppId], metric, Strings[id.Key],
        Strings[id.Dimension], Strings[id.DimensionValue], id.Size, new DateTimeOffset(id.BucketTicks, TimeSpan.Zero));
}
