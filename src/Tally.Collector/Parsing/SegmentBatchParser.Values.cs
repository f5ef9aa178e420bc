using System.Text.Json;
using Tally.Core.Events;

namespace Tally.Collector.Parsing;

public sealed partial class SegmentBatchParser
{
    /// <summary>
    /// A text field: a string, or a number kept as its JSON text (Segment allows numeric ids,
    /// and SDKs send numeric builds and session ids). Null and "" are absent.
    /// </summary>
    private string? ReadText(ref Utf8JsonReader reader, string field, ref Problem problem) =>
        ReadText(ref reader, field, repeated: null, ref problem);

    /// <summary>As <see cref="ReadText(ref Utf8JsonReader, string, ref Problem)"/>, sharing values that repeat within the request.</summary>
    private string? ReadText(ref Utf8JsonReader reader, string field, RepeatedStrings? repeated, ref Problem problem)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (reader.ValueSpan.IsEmpty)
                {
                    return null;
                }
                // UTF-8 bytes never undercount characters, so short unescaped values need no length check.
                if (!reader.ValueIsEscaped && reader.ValueSpan.Length <= Limits.MaxStringLength)
                {
                    return repeated is null ? reader.GetString() : repeated.Get(ref reader);
                }
                string text = reader.GetString()!;
                return CheckLength(text, field, ref problem);
            case JsonTokenType.Number:
                return CheckLength(System.Text.Encoding.UTF8.GetString(reader.ValueSpan), field, ref problem);
            case JsonTokenType.Null:
                return null;
            default:
                problem.Set(RejectReason.InvalidField, $"\"{field}\" must be a string.");
                reader.Skip();
                return null;
        }
    }

    private string? CheckLength(string text, string field, ref Problem problem)
    {
        if (text.Length > Limits.MaxStringLength)
        {
            problem.Set(RejectReason.FieldTooLong, $"\"{field}\" is longer than {Limits.MaxStringLength} characters.");
            return null;
        }
        return text.Length == 0 ? null : text;
    }

    /// <summary>An ISO-8601 date-time; one without a UTC offset is taken as UTC, never as the server's local time.</summary>
    private static DateTimeOffset? ReadTime(ref Utf8JsonReader reader, string field, ref Problem problem)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String when reader.TryGetDateTimeOffset(out var value):
                return HasUtcOffset(reader.ValueSpan) ? value : new DateTimeOffset(value.DateTime, TimeSpan.Zero);
            case JsonTokenType.Null:
                return null;
            default:
                problem.Set(RejectReason.InvalidTimestamp, $"\"{field}\" must be an ISO-8601 date-time.");
                reader.Skip();
                return null;
        }
    }

    /// <summary>True when the time part (after 'T') ends in 'Z' or a ±hh:mm offset.</summary>
    private static bool HasUtcOffset(ReadOnlySpan<byte> iso)
    {
        int t = iso.IndexOfAny((byte)'T', (byte)'t');
        return t >= 0 && iso[t..].IndexOfAny("Zz+-"u8) >= 0;
    }

    /// <summary>A JSON object kept as raw bytes (a range into the body); null is absent.</summary>
    private static Range ReadObject(ref Utf8JsonReader reader, string field, ref Problem problem)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                return start..(int)reader.BytesConsumed;
            case JsonTokenType.Null:
                return default;
            default:
                problem.Set(RejectReason.InvalidField, $"\"{field}\" must be an object.");
                reader.Skip();
                return default;
        }
    }

    private static double? ReadNumber(ref Utf8JsonReader reader, string field, ref Problem problem)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetDouble(out double value):
                return value;
            case JsonTokenType.Null:
                return null;
            default:
                problem.Set(RejectReason.InvalidField, $"\"{field}\" must be a number.");
                reader.Skip();
                return null;
        }
    }
}
