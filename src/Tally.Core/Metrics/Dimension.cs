using System.Text.Json;
using Tally.Core.Events;

namespace Tally.Core.Metrics;

/// <summary>
/// A breakdown key: picks one value from a fact's event (a session's or new user's first
/// event), or null when the event has none (stored as <see cref="Missing"/>).
/// </summary>
public sealed class Dimension
{
    /// <summary>The dimension value of facts that do not carry it.</summary>
    public const string Missing = "(none)";

    /// <summary>The name of the "no breakdown" dimension, whose only value is <see cref="TotalValue"/>.</summary>
    public const string TotalName = "total";

    public const string TotalValue = "all";

    private const string PropertyPrefix = "property:";

    private readonly Func<TallyEvent, string?> _select;

    private Dimension(string name, Func<TallyEvent, string?> select, bool readsContextOnly = false)
    {
        Name = name;
        _select = select;
        ReadsContextOnly = readsContextOnly;
    }

    /// <summary>The name used in the API (<c>breakdown=</c>) and the view store.</summary>
    public string Name { get; }

    /// <summary>
    /// Whether the value depends only on the event's <see cref="TallyEvent.Context"/>: events sharing one
    /// (immutable) context instance then share the value, without reading it again.
    /// </summary>
    public bool ReadsContextOnly { get; }

    public static readonly Dimension Total = new(TotalName, _ => TotalValue);
    public static readonly Dimension AppVersion = new("app_version", e => e.Context.AppVersion, readsContextOnly: true);
    public static readonly Dimension Os = new("os", e => e.Context.OsName, readsContextOnly: true);
    public static readonly Dimension OsVersion = new("os_version", e => e.Context.OsVersion, readsContextOnly: true);
    public static readonly Dimension DeviceModel = new("device_model", e => e.Context.DeviceModel, readsContextOnly: true);
    public static readonly Dimension Country = new("country", e => e.Context.Country, readsContextOnly: true);

    /// <summary>The event name of track events (the key of the per-event metrics).</summary>
    public static readonly Dimension EventName = new("event", e => e.Event);

    /// <summary>The context dimensions every metric can be broken down by.</summary>
    public static IReadOnlyList<Dimension> ContextBreakdowns { get; } = [AppVersion, Os, OsVersion, DeviceModel, Country];

    /// <summary>A top-level property of the event, as text (<c>property:NAME</c>).</summary>
    public static Dimension Property(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new Dimension(PropertyPrefix + name, e => PropertyText(e.Properties.Span, name));
    }

    /// <summary>Resolves an API/view-store name; null when there is no such dimension.</summary>
    public static Dimension? Parse(string name) => name switch
    {
        TotalName => Total,
        "app_version" => AppVersion,
        "os" => Os,
        "os_version" => OsVersion,
        "device_model" => DeviceModel,
        "country" => Country,
        "event" => EventName,
        _ when name.StartsWith(PropertyPrefix, StringComparison.Ordinal) && name.Length > PropertyPrefix.Length
            => Property(name[PropertyPrefix.Length..]),
        _ => null,
    };

    public string ValueOf(in Fact fact) => _select(fact.Event) is { Length: > 0 } value ? value : Missing;

    public override string ToString() => Name;

    private static string? PropertyText(ReadOnlySpan<byte> properties, string name)
    {
        if (properties.IsEmpty)
        {
            return null;
        }
        var reader = new Utf8JsonReader(properties);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                return reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False =>
                        System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                    _ => null,
                };
            }
            reader.Skip();
        }
        return null;
    }
}
