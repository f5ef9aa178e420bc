using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Speed.Aggregation;

namespace Tally.Speed.Processing;

/// <summary>
/// Decides which property values of an event get their own breakdown cell, keeping the number of
/// cells bounded: per (app, event name) the first <see cref="SpeedOptions.MaxPropertiesPerEvent"/>
/// properties seen; per property a <see cref="TopK"/> of its values with
/// <see cref="CountersPerTopValue"/> × <see cref="SpeedOptions.MaxValuesPerProperty"/> counters, and
/// a value gets its own cell while it is a confirmed top value after being counted (among the
/// MaxValuesPerProperty highest-ranked counters and certainly more frequent than any value not
/// counted), else it is counted under <see cref="Other"/>; unique ids therefore stay under Other.
/// So a frequent value that first appears late still gets its own cell, and one value's cell count
/// can be short of its true count by the occurrences before it reached the top. Cells per property
/// and bucket are not strictly capped: values that rise into the top replace others there. Among
/// equal counts the ranks follow the summary's history (see <see cref="TopK"/>): a value that
/// reaches a count ranks after those already there. The decision depends only on the events before,
/// in log order, so the summaries are part of the partition state and replay identically.
/// </summary>
internal sealed class PropertyBreakdowns(SpeedOptions options)
{
    /// <summary>The breakdown value of property values beyond the per-property limit.</summary>
    public const string Other = "(other)";

    /// <summary>Space-Saving counters per value kept in the top, for a reliable top (see <see cref="TopK"/>).</summary>
    public const int CountersPerTopValue = 10;

    private const char EventKeySeparator = '\u001f';

    /// <summary>The largest <see cref="SpeedOptions.MaxValuesPerProperty"/> whose counters fit a <see cref="TopK"/>.</summary>
    public const int MaxValuesPerProperty = TopK.MaxCapacity / CountersPerTopValue;

    // Keyed by app id, EventKeySeparator, event name.
    private readonly Dictionary<string, List<PropertySlot>> _events = new(StringComparer.Ordinal);
    private char[] _eventKeyChars = new char[64];
    private readonly List<PropertyValue> _buffer = [];

    // The current event's distinct property names in order, and which of them get a cell (see ValuesOf);
    // their values' characters, so that a value already counted in its summary allocates no string.
    private readonly List<SeenProperty> _seen = [];
    private readonly List<int> _scalarNames = [];
    private char[] _valueChars = new char[256];
    private int _valueCharsUsed;

    // The slots of the previous event's (app, event name): a record's events mostly share both.
    private (string AppId, string Event, List<PropertySlot>? Slots)? _last;

    public int TrackedEvents => _events.Count;

    /// <summary>The property cells of <paramref name="e"/>; valid until the next call.</summary>
    /// <remarks>
    /// Reads the properties once. What it yields is what <see cref="Dimension.Property"/> reads per
    /// name: the names with a scalar value (objects and arrays have no breakdown value and take no
    /// slot), in the order of their first scalar occurrence, each with the value of its first
    /// occurrence (<see cref="Dimension.Missing"/> when that is not a scalar or is empty).
    /// </remarks>
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
        // The whole object is read before any summary changes, so a malformed one changes no state.
        ReadProperties(e.Properties.Span, slots);
        foreach (int index in _scalarNames)
        {
            var (name, slot, _, _, valueStart, valueLength) = _seen[index];
            slot ??= Find(slots, name);
            if (slot is null)
            {
                if (slots.Count >= options.MaxPropertiesPerEvent)
                {
                    continue;
                }
                slot = new PropertySlot(name, NewValueSummary());
                slots.Add(slot);
            }
            string admitted = valueLength == 0 ? slot.Admit(Dimension.Missing) : slot.Admit(_valueChars.AsSpan(valueStart, valueLength));
            _buffer.Add(new PropertyValue(slot.Dimension.Name, admitted));
        }
        return _buffer;
    }

    private void ReadProperties(ReadOnlySpan<byte> properties, List<PropertySlot> slots)
    {
        _seen.Clear();
        _scalarNames.Clear();
        _valueCharsUsed = 0;
        var reader = new Utf8JsonReader(properties);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }
        int slotHint = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // A known property's name is its slot's: only a name no slot has yet is allocated.
            int slotIndex = IndexOfSlot(slots, ref reader, slotHint);
            var slot = slotIndex < 0 ? null : slots[slotIndex];
            slotHint = slotIndex + 1;
            int seen = slot is null ? IndexOfSeenWithoutSlot(properties, ref reader) : IndexOfSeen(slot);
            string? name = seen < 0 ? slot?.Name ?? reader.GetString() : null;
            // An unescaped name's bytes in the properties, so later names compare to it without decoding.
            int nameStart = reader.ValueIsEscaped ? -1 : (int)reader.TokenStartIndex + 1;
            int nameLength = reader.ValueSpan.Length;
            reader.Read();
            bool scalar = reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False;
            if (seen < 0)
            {
                seen = _seen.Count;
                int valueStart = _valueCharsUsed;
                int valueLength = scalar ? CopyScalar(ref reader) : 0;
                _seen.Add(new SeenProperty(name!, slot, nameStart, nameLength, valueStart, valueLength));
                if (scalar && !string.IsNullOrWhiteSpace(name))
                {
                    _scalarNames.Add(seen);
                }
            }
            else if (scalar && !_scalarNames.Contains(seen) && !string.IsNullOrWhiteSpace(_seen[seen].Name))
            {
                // A repeated name whose first value was an object or array: it takes a slot, valued as missing.
                _scalarNames.Add(seen);
            }
            reader.Skip();
        }
    }

    // Slot names are distinct, so the scan may start anywhere: at the slot after the previous
    // property's, since events of one name mostly list their properties in the same order.
    private static int IndexOfSlot(List<PropertySlot> slots, ref Utf8JsonReader reader, int hint)
    {
        int count = slots.Count;
        int start = hint < count ? hint : 0;
        for (int i = start; i < count; i++)
        {
            if (slots[i].NameEquals(ref reader))
            {
                return i;
            }
        }
        for (int i = 0; i < start; i++)
        {
            if (slots[i].NameEquals(ref reader))
            {
                return i;
            }
        }
        return -1;
    }

    // A name that has a slot was seen before in this event only under that slot.
    private int IndexOfSeen(PropertySlot slot)
    {
        for (int i = 0; i < _seen.Count; i++)
        {
            if (ReferenceEquals(_seen[i].Slot, slot))
            {
                return i;
            }
        }
        return -1;
    }

    // A name without a slot was seen before in this event only among the names without one.
    private int IndexOfSeenWithoutSlot(ReadOnlySpan<byte> properties, ref Utf8JsonReader reader)
    {
        bool unescaped = !reader.ValueIsEscaped;
        for (int i = 0; i < _seen.Count; i++)
        {
            var seen = _seen[i];
            if (seen.Slot is not null)
            {
                continue;
            }
            bool equal = unescaped && seen.NameStart >= 0
                ? reader.ValueSpan.SequenceEqual(properties.Slice(seen.NameStart, seen.NameLength))
                : reader.ValueTextEquals(seen.Name);
            if (equal)
            {
                return i;
            }
        }
        return -1;
    }

    // Copies a scalar value's characters as Dimension.Property reads them: strings unescaped, numbers
    // and booleans as written. Returns their number; none reads as missing.
    private int CopyScalar(ref Utf8JsonReader reader)
    {
        // Neither unescaping nor UTF-8 decoding yields more characters than there are bytes.
        int needed = _valueCharsUsed + reader.ValueSpan.Length;
        if (needed > _valueChars.Length)
        {
            Array.Resize(ref _valueChars, Math.Max(needed, 2 * _valueChars.Length));
        }
        var into = _valueChars.AsSpan(_valueCharsUsed);
        int length = reader.TokenType == JsonTokenType.String
            ? reader.CopyString(into)
            : Encoding.UTF8.GetChars(reader.ValueSpan, into);
        _valueCharsUsed += length;
        return length;
    }

    private List<PropertySlot>? SlotsOf(string appId, string eventName)
    {
        if (_last is { } last && last.AppId == appId && last.Event == eventName)
        {
            return last.Slots;
        }
        // Looked up by characters: a record's events alternate between names, and a key string per change was garbage.
        int length = appId.Length + 1 + eventName.Length;
        if (_eventKeyChars.Length < length)
        {
            _eventKeyChars = new char[Math.Max(length, 2 * _eventKeyChars.Length)];
        }
        appId.CopyTo(_eventKeyChars);
        _eventKeyChars[appId.Length] = EventKeySeparator;
        eventName.CopyTo(_eventKeyChars.AsSpan(appId.Length + 1));
        var slots = SlotsOf(_eventKeyChars.AsSpan(0, length));
        _last = (appId, eventName, slots);
        return slots;
    }

    private List<PropertySlot>? SlotsOf(ReadOnlySpan<char> eventKey)
    {
        var byCharacters = _events.GetAlternateLookup<ReadOnlySpan<char>>();
        if (byCharacters.TryGetValue(eventKey, out var slots))
        {
            return slots;
        }
        if (_events.Count >= options.MaxTrackedEvents)
        {
            return null;
        }
        slots = [];
        byCharacters.TryAdd(eventKey, slots);
        return slots;
    }

    private TopK? NewValueSummary() =>
        options.MaxValuesPerProperty == 0 ? null : new TopK(CountersPerTopValue * options.MaxValuesPerProperty, options.MaxValuesPerProperty);

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

    // Per slot its name and its value summary (length-prefixed TopK bytes, 0 for none).
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
                byte[] values = slot.Values?.ToBytes() ?? [];
                writer.Write(values.Length);
                writer.Write(values);
            }
        }
    }

    /// <remarks>
    /// Summaries keep the counter capacity they were saved with; the top size is today's
    /// <see cref="SpeedOptions.MaxValuesPerProperty"/>, and with it 0 they are dropped.
    /// </remarks>
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
                string name = reader.ReadString();
                slots.Add(new PropertySlot(name, ReadValueSummary(reader)));
            }
        }
    }

    private TopK? ReadValueSummary(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new FormatException($"Property value summary of {length} bytes runs past the end of the speed state.");
        }
        byte[] bytes = reader.ReadBytes(length);
        return length == 0 || options.MaxValuesPerProperty == 0 ? null : TopK.FromBytes(bytes, options.MaxValuesPerProperty);
    }

    /// <summary>
    /// A property name of the current event, with where its UTF-8 bytes are in the properties when
    /// written unescaped (NameStart -1 when escaped); its first value is ValueLength characters of the
    /// value buffer (0: missing).
    /// </summary>
    private readonly record struct SeenProperty(string Name, PropertySlot? Slot, int NameStart, int NameLength, int ValueStart, int ValueLength);

    private sealed class PropertySlot(string name, TopK? values)
    {
        public string Name { get; } = name;

        // The name as UTF-8, to compare unescaped JSON names byte by byte; none when the name is not
        // valid UTF-16, which no JSON name equals.
        private readonly byte[]? _utf8Name = Utf8NameOf(name);

        public Dimension Dimension { get; } = Dimension.Property(name);

        /// <summary>The property's value summary; none when no value gets its own cell.</summary>
        public TopK? Values { get; } = values;

        public string Admit(string value) => Values is not null && Values.Add(value) ? value : Other;

        public string Admit(ReadOnlySpan<char> value) => Values is not null && Values.Add(value, out string? counted) ? counted : Other;

        /// <summary>Whether the reader's current property name is this slot's name, as <see cref="Utf8JsonReader.ValueTextEquals(string)"/> says.</summary>
        public bool NameEquals(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped)
            {
                return reader.ValueTextEquals(Name);
            }
            return _utf8Name is not null && reader.ValueSpan.SequenceEqual(_utf8Name);
        }

        private static byte[]? Utf8NameOf(string name)
        {
            byte[] utf8 = new byte[Encoding.UTF8.GetMaxByteCount(name.Length)];
            var status = Utf8.FromUtf16(name, utf8, out _, out int written, replaceInvalidSequences: false);
            return status == OperationStatus.Done ? utf8[..written] : null;
        }
    }
}
