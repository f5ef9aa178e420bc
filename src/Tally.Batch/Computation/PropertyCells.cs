using Tally.Core.Metrics;

namespace Tally.Batch.Computation;

/// <summary>
/// The property breakdown cells of each event of the day, chosen exactly from the whole day: per
/// (app, event name) the <see cref="BatchOptions.MaxPropertiesPerEvent"/> properties most events
/// carry (ties by name), per property its <see cref="BatchOptions.MaxValuesPerProperty"/> most
/// frequent values (ties by value); other values count under <see cref="Other"/>.
/// </summary>
internal sealed class PropertyCells
{
    /// <summary>The breakdown value of values beyond the per-property limit (the speed layer's too).</summary>
    public const string Other = "(other)";

    private readonly int[] _start;
    private readonly int[] _count;
    private readonly List<(int Dimension, int Value)> _cells;

    private PropertyCells(int[] start, int[] count, List<(int, int)> cells)
    {
        _start = start;
        _count = count;
        _cells = cells;
    }

    /// <summary>The (dimension, value) string numbers of the row's property cells.</summary>
    public ReadOnlySpan<(int Dimension, int Value)> Of(int row) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_cells).Slice(_start[row], _count[row]);

    /// <summary>No property cells for any row: for metric sets without property breakdowns.</summary>
    public static PropertyCells None(DayWindow window) => new(new int[window.RowCount], new int[window.RowCount], []);

    public static PropertyCells Select(DayWindow window, BatchOptions options)
    {
        var strings = window.Strings;
        int missing = strings.IdOf(Dimension.Missing);
        var start = new int[window.RowCount];
        var count = new int[window.RowCount];
        var group = new int[window.RowCount];
        var groups = new Dictionary<(int App, int Event), int>();
        var nameCounts = new Dictionary<(int Group, int Name), int>();
        var valueCounts = new Dictionary<(int Group, int Name, int Value), int>();
        var cells = new List<(int Dimension, int Value)>();
        var pairs = new List<(int Name, int Value, bool Scalar)>();

        // Pass 1: every event's properties, counted per (app, event name).
        for (int row = 0; row < window.RowCount; row++)
        {
            start[row] = cells.Count;
            if (!window.TryGetTrackProperties(row, out string appId, out string eventName, out var properties))
            {
                continue;
            }
            ScalarProperties.Read(properties.Span, strings, missing, pairs);
            int g = GroupOf(groups, strings.IdOf(appId), strings.IdOf(eventName));
            group[row] = g;
            foreach (var (name, value, _) in pairs)
            {
                Increment(nameCounts, (g, name));
                Increment(valueCounts, (g, name, value));
                cells.Add((name, value));
            }
            count[row] = pairs.Count;
        }

        var dimensions = TopNames(nameCounts, options.MaxPropertiesPerEvent, strings);
        var values = TopValues(valueCounts, dimensions, options.MaxValuesPerProperty, strings);
        int other = strings.IdOf(Other);

        // Pass 2: each event's pairs become its cells: chosen properties only, rare values as Other.
        int write = 0;
        for (int row = 0; row < window.RowCount; row++)
        {
            int from = start[row];
            start[row] = write;
            for (int i = from; i < from + count[row]; i++)
            {
                var (name, value) = cells[i];
                if (dimensions.TryGetValue((group[row], name), out int dimension))
                {
                    cells[write++] = (dimension, values.Contains((group[row], name, value)) ? value : other);
                }
            }
            count[row] = write - start[row];
        }
        cells.RemoveRange(write, cells.Count - write);
        return new PropertyCells(start, count, cells);
    }

    private static int GroupOf(Dictionary<(int App, int Event), int> groups, int app, int eventName)
    {
        ref int id = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(groups, (app, eventName), out bool exists);
        if (!exists)
        {
            id = groups.Count - 1;
        }
        return id;
    }

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull =>
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;

    /// <summary>The chosen properties of each group, with their dimension name's string number.</summary>
    private static Dictionary<(int Group, int Name), int> TopNames(Dictionary<(int Group, int Name), int> nameCounts, int limit, StringTable strings)
    {
        var chosen = new Dictionary<(int, int), int>();
        foreach (var perGroup in nameCounts.GroupBy(c => c.Key.Group))
        {
            foreach (var (key, _) in perGroup.OrderByDescending(c => c.Value).ThenBy(c => strings[c.Key.Name], StringComparer.Ordinal).Take(limit))
            {
                chosen.Add(key, strings.IdOf(Dimension.Property(strings[key.Name]).Name));
            }
        }
        return chosen;
    }

    private static HashSet<(int Group, int Name, int Value)> TopValues(
        Dictionary<(int Group, int Name, int Value), int> valueCounts, Dictionary<(int Group, int Name), int> names, int limit, StringTable strings)
    {
        var chosen = new HashSet<(int, int, int)>();
        foreach (var perName in valueCounts.Where(c => names.ContainsKey((c.Key.Group, c.Key.Name))).GroupBy(c => (c.Key.Group, c.Key.Name)))
        {
            foreach (var (key, _) in perName.OrderByDescending(c => c.Value).ThenBy(c => strings[c.Key.Value], StringComparer.Ordinal).Take(limit))
            {
                chosen.Add(key);
            }
        }
        return chosen;
    }
}
