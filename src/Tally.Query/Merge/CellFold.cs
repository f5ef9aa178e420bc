using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Query.Merge;

/// <summary>
/// Folds the cells of one bucket (from either layer, any keys) by the metric's aggregation kind:
/// counts and sums add, distinct counts union their HyperLogLog sketches, medians merge their
/// duration sketches. A bucket of exactly one batch cell keeps that cell's exact value.
/// </summary>
public sealed class CellFold(AggregationKind kind)
{
    /// <summary>The relative standard error of Tally's sketches (2^14 registers, <see cref="HyperLogLog.Create"/>'s default).</summary>
    public static readonly double HllRelativeError = HyperLogLog.Create().StandardError;

    private ViewCell? _single;
    private HyperLogLog? _singleSketch;
    private int _count;
    private double _total;
    private HyperLogLog? _users;

    // _users is the caller's union (AddUnion), read until a further cell has to be merged into it.
    private bool _usersShared;
    private DurationSketch? _durations;
    private Layers _contributed;

    public AggregationKind Kind => kind;

    public void Add(in LayeredCell layered) => Add(layered, decodedSketch: null);

    /// <param name="decodedSketch">
    /// The distinct cell's sketch, already decoded (<see cref="SketchOf"/>) by a caller that folds one cell
    /// into many buckets, so it is decoded once; the fold never changes it. Null: decoded here when needed.
    /// </param>
    public void Add(in LayeredCell layered, HyperLogLog? decodedSketch)
    {
        var cell = layered.Cell;
        _contributed |= layered.Layer;
        _count++;
        switch (kind)
        {
            case AggregationKind.Count or AggregationKind.Sum:
                _total += cell.Value;
                break;
            case AggregationKind.Min:
                _total = _count == 1 ? cell.Value : Math.Min(_total, cell.Value);
                break;
            case AggregationKind.Max:
                _total = _count == 1 ? cell.Value : Math.Max(_total, cell.Value);
                break;
            case AggregationKind.Distinct:
                AddUsers(cell, decodedSketch);
                break;
            case AggregationKind.DurationMedian:
                AddDurations(cell);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layered), kind, "Unknown aggregation kind.");
        }
    }

    /// <summary>
    /// Starts an empty distinct fold with <paramref name="cells"/> (two or more) cells at once, given as
    /// the union of their sketches (never changed: copied if another cell is added) and the layers they
    /// came from: for callers that union overlapping windows incrementally.
    /// </summary>
    public void AddUnion(HyperLogLog union, Layers layers, int cells)
    {
        ArgumentNullException.ThrowIfNull(union);
        ArgumentOutOfRangeException.ThrowIfLessThan(cells, 2);
        if (kind != AggregationKind.Distinct || _count != 0)
        {
            throw new InvalidOperationException("AddUnion starts an empty fold of distinct counts.");
        }
        _users = union;
        _usersShared = true;
        _contributed |= layers;
        _count = cells;
    }

    /// <param name="covered">The layers the bucket's span draws on, whether or not they had cells.</param>
    public MergedValue Result(Layers covered)
    {
        bool fromSpeed = _contributed.HasFlag(Layers.Speed);
        switch (kind)
        {
            case AggregationKind.Distinct:
                {
                    if (_users is null)
                    {
                        double value = _single?.Value ?? 0;
                        return new MergedValue(value, covered, fromSpeed, fromSpeed ? value * HllRelativeError : null);
                    }
                    double estimate = Math.Round(_users.Estimate());
                    // An explicit sketch holds the users' hashes: its union is exact (up to 64-bit hash collisions).
                    bool approximate = fromSpeed || !_users.IsExact;
                    return new MergedValue(estimate, covered, approximate, approximate ? estimate * _users.StandardError : null);
                }
            case AggregationKind.DurationMedian:
                {
                    double? value = _durations is null ? _single?.Value : _durations.Median?.TotalSeconds;
                    bool approximate = fromSpeed || _durations is not null;
                    return new MergedValue(value, covered, approximate, approximate ? value * DurationSketch.RelativeAccuracy : null);
                }
            default:
                return new MergedValue(_count == 0 && kind is AggregationKind.Min or AggregationKind.Max ? null : _total,
                    covered, fromSpeed, StandardError: null);
        }
    }

    private void AddUsers(ViewCell cell, HyperLogLog? decoded)
    {
        if (_count == 1)
        {
            _single = cell;
            _singleSketch = decoded;
            return;
        }
        // The caller's decoded sketch is shared with other folds: copied before it is merged into.
        if (_usersShared)
        {
            _users = _users!.Clone();
            _usersShared = false;
        }
        _users ??= _singleSketch?.Clone() ?? SketchOf(_single!);
        _users.Merge(decoded ?? SketchOf(cell));
    }

    private void AddDurations(ViewCell cell)
    {
        if (_count == 1)
        {
            _single = cell;
            return;
        }
        if (_durations is null)
        {
            _durations = DurationsOf(_single!);
        }
        _durations.Merge(DurationsOf(cell));
    }

    /// <summary>The distinct cell's users as a sketch (a new instance per call).</summary>
    /// <exception cref="InvalidDataException">The cell counts users but carries no sketch.</exception>
    public static HyperLogLog SketchOf(ViewCell cell) =>
        !cell.Sketch.IsEmpty ? HyperLogLog.FromBytes(cell.Sketch.Span)
        : cell.Value == 0 ? HyperLogLog.Create()
        : throw new InvalidDataException($"The distinct cell {cell.Key} has no sketch, so it cannot be unioned with others.");

    private static DurationSketch DurationsOf(ViewCell cell) =>
        !cell.Sketch.IsEmpty ? DurationSketch.FromBytes(cell.Sketch.Span)
        : throw new InvalidDataException($"The median cell {cell.Key} has no duration sketch, so it cannot be merged with others.");
}
