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
    private readonly Dictionary<Dimension, int> _slots = [];
    private readonly int[] _dimensionNames;
    private readonly int[] _slotValues;
    private readonly int _total;
    private readonly int _all;

    public FactFolder(IReadOnlyList<MetricDefinition> metrics, DayWindow window, PropertyCells properties, CellTable cells)
    {
        _metrics = metrics;
        _window = window;
        _properties = properties;
        _cells = cells;
        var strings = window.Strings;
        foreach (var metric in metrics)
        {
            foreach (var dimension in metric.Breakdowns.Prepend(metric.Key))
            {
                _slots.TryAdd(dimension, _slots.Count);
            }
        }
        _dimensionNames = new int[_slots.Count];
        foreach (var (dimension, slot) in _slots)
        {
            _dimensionNames[slot] = strings.IdOf(dimension.Name);
        }
        _slotValues = new int[_slots.Count];
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
            int key = ValueOf(metric.Key, fact);
            Fold(new CellKey(app, m, key, _total, _all, hour), metric, fact, eventRow.UserKey);
            foreach (var dimension in metric.Breakdowns)
            {
                Fold(new CellKey(app, m, key, _dimensionNames[_slots[dimension]], ValueOf(dimension, fact), hour), metric, fact, eventRow.UserKey);
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

    private int ValueOf(Dimension dimension, in Fact fact)
    {
        int slot = _slots[dimension];
        if (_slotValues[slot] < 0)
        {
            _slotValues[slot] = _window.Strings.IdOf(dimension.ValueOf(fact));
        }
        return _slotValues[slot];
    }
}
