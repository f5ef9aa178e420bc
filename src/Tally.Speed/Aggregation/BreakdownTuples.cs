using Tally.Core.Events;
using Tally.Core.Metrics;

namespace Tally.Speed.Aggregation;

/// <summary>
/// The distinct breakdown values (one per dimension of a metric's <see cref="MetricDefinition.Breakdowns"/>)
/// of the facts of one commit interval, numbered; owned and cleared by <see cref="ViewDeltas"/>, like the
/// <see cref="CellStrings"/> that number their strings. A record is one upload, mostly of one device, so
/// its facts share the same few tuples: a fact whose event has the previous fact's context instance (a
/// record decodes a device's context once) and whose dimensions read only the context has the previous
/// tuple without reading a value; otherwise comparing with the previous tuple first makes the common
/// case a few reference comparisons. Equality is by value (ordinal), so events decoded into separate
/// context objects still share a tuple.
/// </summary>
internal sealed class BreakdownTuples
{
    private readonly List<Tuple> _tuples = [];
    private readonly Dictionary<Tuple, int> _indexOf = [];
    private Tuple _scratch = new([], []);
    private int _last = -1;
    private EventContext? _lastContext;

    // Whether every dimension of the list last asked about reads only the context.
    private IReadOnlyList<Dimension>? _checkedDimensions;
    private bool _readContextOnly;

    /// <summary>
    /// The number of the tuple of <paramref name="fact"/>'s values of <paramref name="dimensions"/>; a new
    /// tuple's dimension names and values are numbered by <paramref name="strings"/>.
    /// </summary>
    public int IndexOf(IReadOnlyList<Dimension> dimensions, in Fact fact, CellStrings strings)
    {
        var context = fact.Event.Context;
        if (_last >= 0 && ReferenceEquals(context, _lastContext) && ReferenceEquals(dimensions, _tuples[_last].Dimensions)
            && ReadContextOnly(dimensions))
        {
            return _last;
        }
        _lastContext = context;
        if (_scratch.Values.Length != dimensions.Count)
        {
            _scratch = new Tuple(dimensions, new string[dimensions.Count]);
        }
        var scratch = _scratch;
        scratch.Dimensions = dimensions;
        for (int d = 0; d < scratch.Values.Length; d++)
        {
            scratch.Values[d] = dimensions[d].ValueOf(fact);
        }
        if (_last >= 0 && _tuples[_last].Equals(scratch))
        {
            return _last;
        }
        if (!_indexOf.TryGetValue(scratch, out int index))
        {
            index = Add(scratch, strings);
        }
        _last = index;
        return index;
    }

    // Apart from IndexOf: a lambda capturing a parameter allocates its closure on every call of the method that declares it.
    private int Add(Tuple scratch, CellStrings strings)
    {
        int index = _tuples.Count;
        var tuple = new Tuple(scratch.Dimensions, [.. scratch.Values])
        {
            NameIds = [.. scratch.Dimensions.Select(dimension => strings.IdOf(dimension.Name))],
            ValueIds = [.. scratch.Values.Select(strings.IdOf)],
        };
        _tuples.Add(tuple);
        _indexOf.Add(tuple, index);
        return index;
    }

    private bool ReadContextOnly(IReadOnlyList<Dimension> dimensions)
    {
        if (!ReferenceEquals(dimensions, _checkedDimensions))
        {
            _checkedDimensions = dimensions;
            _readContextOnly = dimensions.All(dimension => dimension.ReadsContextOnly);
        }
        return _readContextOnly;
    }

    /// <summary>The numbered dimension names of tuple <paramref name="index"/>.</summary>
    public int[] NameIdsAt(int index) => _tuples[index].NameIds;

    /// <summary>The numbered values of tuple <paramref name="index"/>, one per name.</summary>
    public int[] ValueIdsAt(int index) => _tuples[index].ValueIds;

    public void Clear()
    {
        _tuples.Clear();
        _indexOf.Clear();
        _last = -1;
        _lastContext = null;
    }

    private sealed class Tuple(IReadOnlyList<Dimension> dimensions, string[] values) : IEquatable<Tuple>
    {
        // Mutable only for the scratch tuple, which is never stored.
        public IReadOnlyList<Dimension> Dimensions { get; set; } = dimensions;

        public string[] Values { get; } = values;

        public int[] NameIds { get; init; } = [];

        public int[] ValueIds { get; init; } = [];

        public override bool Equals(object? obj) => Equals(obj as Tuple);

        public bool Equals(Tuple? other) =>
            other is not null && ReferenceEquals(Dimensions, other.Dimensions) && Values.AsSpan().SequenceEqual(other.Values);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Dimensions));
            foreach (string value in Values)
            {
                hash.Add(value, StringComparer.Ordinal);
            }
            return hash.ToHashCode();
        }
    }
}
