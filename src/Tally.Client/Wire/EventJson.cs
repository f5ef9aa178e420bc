using System.Globalization;
using System.Text.Json;

namespace Tally.Client.Wire;

/// <summary>What one call (Track, Screen, Identify) records, before it becomes Segment JSON.</summary>
internal readonly record struct EventDraft(
    string Type,
    string? Event,
    string? Name,
    IEnumerable<KeyValuePair<string, object?>>? Properties,
    IEnumerable<KeyValuePair<string, object?>>? Traits,
    DateTimeOffset Timestamp,
    string AnonymousId,
    string? UserId,
    string SessionId);

/// <summary>
/// Turns an <see cref="EventDraft"/> into one Segment event object, serialised once at enqueue
/// time: the queue stores and uploads these bytes unchanged, so a re-send after a restart is
/// byte-identical (same messageId, same timestamp).
/// </summary>
internal sealed class EventJson(TallyContextInfo context, string deviceId)
{
    private const string LibraryName = "tally-dotnet";
    private static readonly string LibraryVersion =
        typeof(EventJson).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public byte[] Serialize(in EventDraft draft)
    {
        using var buffer = new MemoryStream(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", draft.Type);
            WriteIfSet(writer, "event", draft.Event);
            WriteIfSet(writer, "name", draft.Name);
            if (draft.Properties is { } properties)
            {
                writer.WritePropertyName("properties");
                JsonValueWriter.WriteObject(writer, properties);
            }
            if (draft.Traits is { } traits)
            {
                writer.WritePropertyName("traits");
                JsonValueWriter.WriteObject(writer, traits);
            }
            writer.WriteString("messageId", Guid.NewGuid().ToString("D"));
            writer.WriteString("timestamp", FormatTime(draft.Timestamp));
            writer.WriteString("anonymousId", draft.AnonymousId);
            WriteIfSet(writer, "userId", draft.UserId);
            WriteContext(writer, draft.SessionId);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>ISO 8601 in UTC with milliseconds, as Segment's SDKs send it.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private void WriteContext(Utf8JsonWriter writer, string sessionId)
    {
        writer.WriteStartObject("context");
        writer.WriteString("sessionId", sessionId);
        writer.WriteStartObject("app");
        WriteIfSet(writer, "name", context.AppName);
        WriteIfSet(writer, "version", context.AppVersion);
        WriteIfSet(writer, "build", context.AppBuild);
        writer.WriteEndObject();
        writer.WriteStartObject("device");
        writer.WriteString("id", context.DeviceId ?? deviceId);
        WriteIfSet(writer, "model", context.DeviceModel);
        WriteIfSet(writer, "manufacturer", context.DeviceManufacturer);
        WriteIfSet(writer, "type", context.DeviceType);
        writer.WriteEndObject();
        writer.WriteStartObject("os");
        WriteIfSet(writer, "name", context.OsName);
        WriteIfSet(writer, "version", context.OsVersion);
        writer.WriteEndObject();
        WriteIfSet(writer, "locale", context.Locale);
        WriteIfSet(writer, "timezone", context.Timezone);
        if (context.Country is not null)
        {
            writer.WriteStartObject("location");
            writer.WriteString("country", context.Country);
            writer.WriteEndObject();
        }
        writer.WriteStartObject("library");
        writer.WriteString("name", LibraryName);
        writer.WriteString("version", LibraryVersion);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
