using System.Text;
using Tally.Collector.Tests.Http;

namespace Tally.Collector.Tests.Hostile;

/// <summary>
/// Seeded mutations of a valid batch: truncation, byte flips, invalid UTF-8, deep nesting, huge
/// numbers and strings, values of the wrong type, and broken gzip. The same seed gives the same
/// bodies, so a failure is reproduced by rerunning with the seed the test printed.
/// </summary>
internal sealed class HostileGenerator(int seed)
{
    private static readonly string[] WrongTypes = ["{}", "[]", "0", "-1e308", "null", "true", "\"\"", "[[[]]]"];

    private readonly Random _random = new(seed);

    /// <summary>A mutated body; <c>Gzip</c> says whether it is sent with <c>Content-Encoding: gzip</c>.</summary>
    public (string Mutation, byte[] Body, bool Gzip) Next()
    {
        byte[] valid = Encoding.UTF8.GetBytes(ValidBatch());
        return _random.Next(9) switch
        {
            0 => ("truncate", valid[.._random.Next(valid.Length)], false),
            1 => ("flip bytes", FlipBytes(valid), false),
            2 => ("invalid UTF-8", Insert(valid, InvalidUtf8()), false),
            3 => ("deep nesting", Insert(valid, Encoding.ASCII.GetBytes(new string('[', _random.Next(1, 5_000)))), false),
            4 => ("huge number", ReplaceValue(valid, "1" + new string('9', _random.Next(300, 100_000)) + "e99999"), false),
            5 => ("huge string", ReplaceValue(valid, "\"" + new string('x', _random.Next(1_000, 2_000_000)) + "\""), false),
            6 => ("wrong type", ReplaceValue(valid, WrongTypes[_random.Next(WrongTypes.Length)]), false),
            7 => ("truncated gzip", Truncate(Bodies.Compress(valid)), true),
            _ => ("flipped gzip", FlipBytes(Bodies.Compress(valid)), true),
        };
    }

    private string ValidBatch()
    {
        var events = Enumerable.Range(0, _random.Next(1, 20))
            .Select(i => Bodies.Track($"gen-{_random.Next(1000)}", extra: $$""","properties":{"level":{{i}},"name":"n{{i}}"}"""))
            .ToArray();
        return Bodies.Batch(events);
    }

    private byte[] Truncate(byte[] body) => body[.._random.Next(1, body.Length)];

    private byte[] FlipBytes(byte[] body)
    {
        byte[] copy = (byte[])body.Clone();
        for (int i = _random.Next(1, 9); i > 0; i--)
        {
            copy[_random.Next(copy.Length)] = (byte)_random.Next(256);
        }
        return copy;
    }

    private byte[] InvalidUtf8() => _random.Next(4) switch
    {
        0 => [0xC3, 0x28],             // a lead byte followed by a non-continuation byte
        1 => [0xC0, 0xAF],             // overlong encoding
        2 => [0xED, 0xA0, 0x80],       // UTF-16 surrogate half
        _ => [0xFF],                    // never valid in UTF-8
    };

    private byte[] Insert(byte[] body, byte[] bytes)
    {
        int at = _random.Next(body.Length);
        return [.. body[..at], .. bytes, .. body[at..]];
    }

    /// <summary>Replaces the value after a random <c>":</c> (a property's value) with <paramref name="value"/>.</summary>
    private byte[] ReplaceValue(byte[] body, string value)
    {
        string text = Encoding.UTF8.GetString(body);
        var colons = Enumerable.Range(0, text.Length - 1).Where(i => text[i] == '"' && text[i + 1] == ':').ToArray();
        int start = colons[_random.Next(colons.Length)] + 2;
        int end = ValueEnd(text, start);
        return Encoding.UTF8.GetBytes(text[..start] + value + text[end..]);
    }

    /// <summary>Where the JSON value starting at <paramref name="start"/> ends (strings, numbers, objects and arrays).</summary>
    private static int ValueEnd(string text, int start)
    {
        if (text[start] == '"')
        {
            int i = start + 1;
            while (text[i] != '"')
            {
                i += text[i] == '\\' ? 2 : 1;
            }
            return i + 1;
        }
        if (text[start] is '{' or '[')
        {
            return ContainerEnd(text, start);
        }
        int end = start;
        while (end < text.Length && text[end] is not (',' or '}' or ']'))
        {
            end++;
        }
        return end;
    }

    /// <summary>Where the object or array starting at <paramref name="start"/> ends, skipping brackets inside strings.</summary>
    private static int ContainerEnd(string text, int start)
    {
        int depth = 0;
        bool inString = false;
        for (int i = start; ; i++)
        {
            switch (text[i])
            {
                case '\\' when inString:
                    i++;
                    break;
                case '"':
                    inString = !inString;
                    break;
                case '{' or '[' when !inString:
                    depth++;
                    break;
                case '}' or ']' when !inString:
                    if (--depth == 0)
                    {
                        return i + 1;
                    }
                    break;
            }
        }
    }
}
