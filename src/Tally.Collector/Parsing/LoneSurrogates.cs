using System.Buffers.Text;

namespace Tally.Collector.Parsing;

/// <summary>
/// Finds <c>\uD800</c>-style escapes that do not form a UTF-16 surrogate pair. They are valid JSON
/// syntax but no valid string: <see cref="System.Text.Json.Utf8JsonReader.GetString"/> throws on
/// them, and properties keep their escapes into the log, where a consumer would fail on them.
/// </summary>
internal static class LoneSurrogates
{
    public static bool AnyIn(ReadOnlySpan<byte> json)
    {
        bool expectLow = false;
        int i = 0;
        while (true)
        {
            int next = json[i..].IndexOf((byte)'\\');
            // A high surrogate must be followed at once by a low one.
            if (next < 0 || (expectLow && next != 0))
            {
                return expectLow;
            }
            i += next;
            if (i + 1 >= json.Length)
            {
                return expectLow;
            }
            int? unit = json[i + 1] == 'u' ? CodeUnit(json[(i + 2)..]) : null;
            // A low surrogate must follow a high one.
            bool isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (isLow != expectLow)
            {
                return true;
            }
            expectLow = unit is >= 0xD800 and <= 0xDBFF;
            i += unit is null ? 2 : 6;
        }
    }

    private static int? CodeUnit(ReadOnlySpan<byte> hex) =>
        hex.Length >= 4 && Utf8Parser.TryParse(hex[..4], out ushort value, out int consumed, 'X') && consumed == 4 ? value : null;
}
