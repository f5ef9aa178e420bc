using Tally.Core.Metrics;

namespace Tally.Batch.Computation;

/// <summary>
/// Evaluates the stored metrics on a fact, only through their definitions (<see cref="MetricDefinition.Accepts"/>,
/// <see cref="MetricDefinition.Key"/>, <see cref="MetricDefinition.Breakdowns"/>,
/// <see cref="MetricDefinition.BreaksDownByProperties"/>), into the hour cell of the fact's time:
/// total, each breakdown and each property cell — the speed layer's cell keys.
/// </summary>
internal sealed class FactFolder
{
    private readonly IReadOnlyList<MetricDefinition> _metrics;
    private readonly DayWindow _window;
    private readonly PropertyCells _properties;
    private readonly CellTable _cells;
    // Every dimension a metric keys or breaks down by has a slot; per metric, its key's slot and its breakdowns' slots.
    private readonly Dimension[] _dimensions;
    private readonly int[] _keySlots;
    private readonly int[][] _breakdownSlots;
    private readonly int[] _dimensionNames;
    private readonly int[] _slotValues;
    // Per slot, the last value seen and its string number: consecutive events (one upload) share their
    // context's strings, so most values are found by reference instead of hashed.
    private readonly string?[] _lastValues;
    private readonly int[] _lastValueIds;
    private readonly int _total;
    private readonly int _all;

    public FactFolder(IReadOnlyList<MetricDefinition> metrics, DayWindow window, PropertyCells properties, CellTable cells)
    {
        _metrics = metrics;
        _window = window;
        _properties = properties;
        _cells = cells;
        var strings = window.Strings;
        var slots = new Dictionary<Dimension, int>();
        foreach (var metric in metrics)
        {
            foreach (var dimension in metric.Breakdowns.Prepend(metric.Key))
            {
                slots.TryAdd(dimension, slots.Count);
            }
        }
        _dimensions = new Dimension[slots.Count];
        _dimensionNames = new int[slots.Count];
        foreach (var (dimension, slot) in slots)
        {
            _dimensions[slot] = dimension;
            _dimensionNames[slot] = strings.IdOf(dimension.Name);
        }
        _keySlots = [.. metrics.Select(m => slots[m.Key])];
        _breakdownSlots = [.. metrics.Select(m => m.Breakdowns.Select(d => slots[d]).ToArray())];
        _slotValues = new int[slots.Count];
        _lastValues = new string?[slots.Count];
        _lastValueIds = new int[slots.Count];
        _total = strings.IdOf(Dimension.TotalName);
        _all = strings.IdOf(Dimension.TotalValue);
    }

    /// <param name="row">The row of the fact's event, whose property cells it has.</param>
    public void Fold(in Fact fact, int row)
    {
        ref readonly var eventRow = ref _window[row];
        int app = _window.UserKeys[eventRow.UserKey].App;
        int hour = (int)((fact.Time.UtcTicks - _window.DayStart.UtcTicks) / TimeSpan.TicksPerHour);
        // Each dimension's value is read once per fact, however many metrics break down by it.
        Array.Fill(_slotValues, -1);
        for (int m = 0; m < _metrics.Count; m++)
        {
            var metric = _metrics[m];
            if (!metric.Accepts(fact))
            {
                continue;
            }
            int key = ValueOf(_keySlots[m], fact);
            Fold(new CellKey(app, m, key, _total, _all, hour), metric, fact, eventRow.UserKey);
            foreach (int slot in _breakdownSlots[m])
            {
                Fold(new CellKey(app, m, key, _dimensionNames[slot], ValueOf(slot, fact), hour), metric, fact, eventRow.UserKey);
            }
            if (metric.BreaksDownByProperties)
            {
                foreach (var (dimension, value) in _properties.Of(row))
                {
                    Fold(new CellKey(app, m, key, dimension, value, hour), metric, fact, eventRow.UserKey);
                }
            }
        }
    }

    private void Fold(in CellKey key, MetricDefinition metric, in Fact fact, int userKey) =>
        _cells.Fold(_cells.CellOf(key), metric, fact, userKey);

    private int ValueOf(int slot, in Fact fact)
    {
        if (_slotValues[slot] < 0)
        {
            string value = _dimensions[slot].ValueOf(fact);
            if (!ReferenceEquals(value, _lastValues[slot]))
            {
                _lastValueIds[slot] = _window.Strings.IdOf(value);
                _lastValues[slot] = value;
            }
            _slotValues[slot] = _lastValueIds[slot];
        }
        return _slotValues[slot];
    }
}
