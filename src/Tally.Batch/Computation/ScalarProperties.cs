using System.Text.Json;
using Tally.Core.Metrics;

namespace Tally.Batch.Computation;

/// <summary>
/// Reads an event's top-level properties as breakdown values, the way <see cref="Dimension.Property"/>
/// does (strings unescaped, numbers and booleans as written, empty as <see cref="Dimension.Missing"/>),
/// in one pass and without allocating for names and values seen before. A name takes part when one of
/// its occurrences is a scalar; its value is its first occurrence's (objects and arrays: missing).
/// </summary>
internal static class ScalarProperties
{
    // Names and values this long or shorter are decoded on the stack; longer ones are rare.
    private const int StackChars = 256;

    /// <summary>Appends (name, value) string numbers of <paramref name="properties"/> to <paramref name="pairs"/>.</summary>
    public static void Read(ReadOnlySpan<byte> properties, StringTable strings, int missing, List<(int Name, int Value, bool Scalar)> pairs)
    {
        pairs.Clear();
        var reader = new Utf8JsonReader(properties);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }
        Span<char> buffer = stackalloc char[StackChars];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int name = IdOf(ref reader, strings, buffer, out bool blank);
            reader.Read();
            bool scalar = reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False;
            if (!blank)
            {
                int existing = IndexOf(pairs, name);
                if (existing < 0)
                {
                    int value = scalar ? ValueOf(ref reader, strings, buffer, missing) : missing;
                    pairs.Add((name, value, scalar));
                }
                else if (scalar && !pairs[existing].Scalar)
                {
                    pairs[existing] = pairs[existing] with { Scalar = true };
                }
            }
            reader.Skip();
        }
        pairs.RemoveAll(static p => !p.Scalar);
    }

    private static int IndexOf(List<(int Name, int Value, bool Scalar)> pairs, int name)
    {
        for (int i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Name == name)
            {
                return i;
            }
        }
        return -1;
    }

    private static int IdOf(ref Utf8JsonReader reader, StringTable strings, scoped Span<char> buffer, out bool blank)
    {
        if (reader.ValueSpan.Length <= buffer.Length && !reader.ValueIsEscaped)
        {
            int length = System.Text.Encoding.UTF8.GetChars(reader.ValueSpan, buffer);
            blank = buffer[..length].IsWhiteSpace();
            return strings.IdOf(buffer[..length]);
        }
        string text = reader.GetString()!;
        blank = string.IsNullOrWhiteSpace(text);
        return strings.IdOf(text);
    }

    private static int ValueOf(ref Utf8JsonReader reader, StringTable strings, scoped Span<char> buffer, int missing)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            int id = IdOf(ref reader, strings, buffer, out _);
            return strings[id].Length == 0 ? missing : id;
        }
        // Numbers and booleans: their text as written, as Dimension.Property reads them.
        var raw = reader.ValueSpan;
        if (raw.Length > buffer.Length)
        {
            return strings.IdOf(System.Text.Encoding.UTF8.GetString(raw));
        }
        int length = System.Text.Encoding.UTF8.GetChars(raw, buffer);
        return strings.IdOf(buffer[..length]);
    }
}
