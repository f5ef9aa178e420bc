using System.Text.Json;
using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Speed.Aggregation;

namespace Tally.Speed.Processing;

/// <summary>
/// Decides which property values of an event get their own breakdown cell, keeping the number of
/// cells bounded: per (app, event name) the first <see cref="SpeedOptions.MaxPropertiesPerEvent"/>
/// properties seen, per property the first <see cref="SpeedOptions.MaxValuesPerProperty"/> values
/// seen; later values are counted under <see cref="Other"/>. First come, first served (not a
/// top-K): the decision depends only on the events before, in log order, so it is part of the
/// partition state and replays identically.
/// </summary>
internal sealed class PropertyBreakdowns(SpeedOptions options)
{
    /// <summary>The breakdown value of property values beyond the per-property limit.</summary>
    public const string Other = "(other)";

    private readonly Dictionary<string, List<PropertySlot>> _events = new(StringComparer.Ordinal);
    private readonly List<PropertyValue> _buffer = [];
    private readonly List<string> _names = [];

    // The slots of the previous event's (app, event name): a record's events mostly share both.
    private (string AppId, string Event, List<PropertySlot>? Slots)? _last;

    public int TrackedEvents => _events.Count;

    /// <summary>The property cells of <paramref name="e"/>; valid until the next call.</summary>
    public IReadOnlyList<PropertyValue> ValuesOf(TallyEvent e)
    {
        _buffer.Clear();
        if (e.Type != EventType.Track || string.IsNullOrEmpty(e.Event) || e.Properties.IsEmpty)
        {
            return _buffer;
        }
        var slots = SlotsOf(e.AppId, e.Event);
        if (slots is null)
        {
            return _buffer;
        }
        var fact = Fact.ForEvent(e);
        ScalarPropertyNames(e.Properties.Span, _names);
        foreach (string name in _names)
        {
            var slot = Find(slots, name);
            if (slot is null)
            {
                if (slots.Count >= options.MaxPropertiesPerEvent)
                {
                    continue;
                }
                slot = new PropertySlot(name);
                slots.Add(slot);
            }
            _buffer.Add(new PropertyValue(slot.Dimension.Name, slot.Admit(slot.Dimension.ValueOf(fact), options.MaxValuesPerProperty)));
        }
        return _buffer;
    }

    private List<PropertySlot>? SlotsOf(string appId, string eventName)
    {
        if (_last is { } last && last.AppId == appId && last.Event == eventName)
        {
            return last.Slots;
        }
        var slots = SlotsOf(string.Concat(appId, "\u001f", eventName));
        _last = (appId, eventName, slots);
        return slots;
    }

    private List<PropertySlot>? SlotsOf(string eventKey)
    {
        if (_events.TryGetValue(eventKey, out var slots))
        {
            return slots;
        }
        if (_events.Count >= options.MaxTrackedEvents)
        {
            return null;
        }
        slots = [];
        _events.Add(eventKey, slots);
        return slots;
    }

    private static PropertySlot? Find(List<PropertySlot> slots, string name)
    {
        foreach (var slot in slots)
        {
            if (slot.Name == name)
            {
                return slot;
            }
        }
        return null;
    }

    // Objects and arrays have no breakdown value (Dimension reads them as missing): they take no slot.
    private static void ScalarPropertyNames(ReadOnlySpan<byte> properties, List<string> names)
    {
        names.Clear();
        var reader = new Utf8JsonReader(properties);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False
                && !string.IsNullOrWhiteSpace(name) && !names.Contains(name))
            {
                names.Add(name);
            }
            reader.Skip();
        }
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_events.Count);
        foreach (var (eventKey, slots) in _events)
        {
            writer.Write(eventKey);
            writer.Write(slots.Count);
            foreach (var slot in slots)
            {
                writer.Write(slot.Name);
                writer.Write(slot.Values.Count);
                foreach (string value in slot.Values)
                {
                    writer.Write(value);
                }
            }
        }
    }

    public void ReadFrom(BinaryReader reader)
    {
        _events.Clear();
        _last = null;
        for (int e = reader.ReadInt32(); e > 0; e--)
        {
            var slots = new List<PropertySlot>();
            _events.Add(reader.ReadString(), slots);
            for (int p = reader.ReadInt32(); p > 0; p--)
            {
                var slot = new PropertySlot(reader.ReadString());
                for (int v = reader.ReadInt32(); v > 0; v--)
                {
                    slot.Values.Add(reader.ReadString());
                }
                slots.Add(slot);
            }
        }
    }

    private sealed class PropertySlot(string name)
    {
        public string Name { get; } = name;

        public Dimension Dimension { get; } = Dimension.Property(name);

        public HashSet<string> Values { get; } = new(StringComparer.Ordinal);

        public string Admit(string value, int maxValues) =>
            Values.Contains(value) || (Values.Count < maxValues && Values.Add(value)) ? value : Other;
    }
}
