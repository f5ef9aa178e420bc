using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Tally.Client.Wire;

/// <summary>
/// Writes property and trait values without reflection-based serialisation, so the SDK works
/// under IL2CPP (Unity) and trimming: primitives, strings, dates, GUIDs, dictionaries with string
/// keys and sequences. Anything else is written as its invariant <c>ToString()</c>.
/// </summary>
internal static class JsonValueWriter
{
    /// <summary>Deeper nesting is written as a string: it is almost certainly a cycle, and the collector would reject it anyway.</summary>
    private const int MaxDepth = 16;

    public static void WriteObject(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> values, int depth = 0)
    {
        writer.WriteStartObject();
        foreach (var pair in values)
        {
            writer.WritePropertyName(pair.Key);
            WriteValue(writer, pair.Value, depth + 1);
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, int depth)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int or long or short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case DateTimeOffset t:
                writer.WriteStringValue(t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTime t:
                writer.WriteStringValue(t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                break;
            case Guid g:
                writer.WriteStringValue(g);
                break;
            case IEnumerable<KeyValuePair<string, object?>> map when depth < MaxDepth:
                WriteObject(writer, map, depth);
                break;
            case IDictionary dictionary when depth < MaxDepth:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    WriteValue(writer, entry.Value, depth + 1);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable sequence when depth < MaxDepth:
                writer.WriteStartArray();
                foreach (object? item in sequence)
                {
                    WriteValue(writer, item, depth + 1);
                }
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
