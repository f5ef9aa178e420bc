using System.Runtime.CompilerServices;

namespace Tally.Speed.Aggregation;

/// <summary>
/// The accumulators of one cell of a <see cref="MetricFamily"/>, one per member, held inline in
/// <see cref="ViewDeltas"/>' dictionary entry: one lookup folds every member.
/// </summary>
[InlineArray(MetricFamily.MaxMembers)]
internal struct FamilyAccumulators
{
    private CellAccumulator _first;
}
