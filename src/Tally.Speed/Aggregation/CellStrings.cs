using System.Runtime.InteropServices;
using Tally.Core.Metrics;

namespace Tally.Speed.Aggregation;

/// <summary>
/// Numbers the strings of the cell keys of one commit interval (app ids, keys, dimension names and
/// values), so that <see cref="ViewDeltas"/> keys its cells by integers: a cell
/// lookup then hashes and compares a few numbers instead of five strings, each in an object of its
/// own (most of a lookup's cost was cache misses on those). The few hundred distinct strings of an
/// interval stay in cache; cleared with the deltas, so it never outgrows them.
/// </summary>
internal sealed class CellStrings
{
    /// <summary>The number of <see cref="Dimension.TotalName"/>.</summary>
    public const int TotalName = 0;

    /// <summary>The number of <see cref="Dimension.TotalValue"/>.</summary>
    public const int TotalValue = 1;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _strings = [];

    public CellStrings() => Clear();

    public string this[int id] => _strings[id];

    public int IdOf(string text)
    {
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, text, out bool exists);
        if (!exists)
        {
            id = _strings.Count;
            _strings.Add(text);
        }
        return id;
    }

    public void Clear()
    {
        _ids.Clear();
        _strings.Clear();
        IdOf(Dimension.TotalName);
        IdOf(Dimension.TotalValue);
    }
}

/// <summary>
/// The key of a cell of every member of <see cref="MetricFamily.Stored"/>[<see cref="Family"/>]: a
/// <see cref="Core.Views.ViewKey"/> but for the metric name, with its strings numbered by <see cref="CellStrings"/>.
/// </summary>
internal readonly record struct CellId(int AppId, int Family, int Key, int Dimension, int DimensionValue, Core.Views.BucketSize Size, long BucketTicks);
