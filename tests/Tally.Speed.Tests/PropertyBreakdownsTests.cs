using System.Text;
using System.Text.Json;
using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Speed.Aggregation;
using Tally.Speed.Processing;

namespace Tally.Speed.Tests;

public sealed class PropertyBreakdownsTests
{
    private static readonly DateTimeOffset Time = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Reading an event's properties once yields what the definition reads: every name with a scalar
    /// value, in the order of its first scalar occurrence, valued as <see cref="Dimension.Property"/>
    /// reads it (first occurrence, unescaped, missing when not a scalar or empty), admitted by a
    /// top-k summary per property fed in the same order.
    /// </summary>
    [Fact]
    public void Values_are_the_definitions_property_values_in_first_scalar_order()
    {
        string[] properties =
        [
            """{"plan":"pro","level":3,"ok":true,"price":9.90,"nested":{"x":1},"list":[1,2]}""",
            """{"level":4,"plan":"free","plan":"team"}""",
            """{"obj":{"a":1},"obj":"late scalar","plan":""}""",
            """{"pl\u0061n":"escaped name","note":"tab\tand \u00e9","n":-1e3,"ok":false,"nothing":null}""",
            """{"plan":"a","pl\u0061n":"escaped repeat","pl\u0061n":"x","plan":"plain repeat"}""",
            """{"fresh\u0031":"a","fresh1":"b","fresh2":1,"fresh2":2,"\u00e9t\u00e9":"x","été":"y","plan":"pro"}""",
            """{" ":"blank name","":"empty name","plan":"pro","extra1":1,"extra2":2,"extra3":3}""",
            """{}""",
            """[1,2]""",
        ];
        var options = new SpeedOptions { MaxValuesPerProperty = 2, MaxPropertiesPerEvent = 6 };
        var breakdowns = new PropertyBreakdowns(options);
        var oracle = new DefinitionOracle(options);

        int index = 0;
        foreach (string json in properties.Concat(properties).Concat(properties))
        {
            var e = Event($"m{index++}", json);
            var expected = oracle.ValuesOf(e);
            Assert.Equal(expected, breakdowns.ValuesOf(e).ToList());
        }
        Assert.Contains(oracle.Seen, value => value.Value == PropertyBreakdowns.Other);
        Assert.Contains(oracle.Seen, value => value.Value == Dimension.Missing);
    }

    private static TallyEvent Event(string messageId, string properties) => new()
    {
        Type = EventType.Track,
        AppId = "app-a",
        MessageId = messageId,
        AnonymousId = "user-1",
        Event = "Purchase",
        ReceivedAt = Time,
        EventTime = Time,
        Properties = Encoding.UTF8.GetBytes(properties),
    };

    /// <summary>The reading that property breakdowns must match, spelled out name by name with the definition's reader.</summary>
    private sealed class DefinitionOracle(SpeedOptions options)
    {
        private readonly List<(string Name, Dimension Dimension, TopK Values)> _slots = [];

        public List<PropertyValue> Seen { get; } = [];

        public List<PropertyValue> ValuesOf(TallyEvent e)
        {
            var fact = Fact.ForEvent(e);
            var values = new List<PropertyValue>();
            foreach (string name in ScalarNames(e.Properties.Span))
            {
                int slot = _slots.FindIndex(s => s.Name == name);
                if (slot < 0)
                {
                    if (_slots.Count >= options.MaxPropertiesPerEvent)
                    {
                        continue;
                    }
                    slot = _slots.Count;
                    _slots.Add((name, Dimension.Property(name), new TopK(PropertyBreakdowns.CountersPerTopValue * options.MaxValuesPerProperty, options.MaxValuesPerProperty)));
                }
                var (_, dimension, summary) = _slots[slot];
                string value = dimension.ValueOf(fact);
                values.Add(new PropertyValue(dimension.Name, summary.Add(value) ? value : PropertyBreakdowns.Other));
            }
            Seen.AddRange(values);
            return values;
        }

        private static List<string> ScalarNames(ReadOnlySpan<byte> properties)
        {
            var names = new List<string>();
            var reader = new Utf8JsonReader(properties);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return names;
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
            return names;
        }
    }
}
