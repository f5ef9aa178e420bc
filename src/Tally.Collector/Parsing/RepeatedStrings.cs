using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace Tally.Collector.Parsing;

/// <summary>
/// Strings that repeat within one request — a device's anonymous and user ids, its event and
/// screen names — so that each distinct value is allocated once per request instead of once
/// per event. Direct-mapped and per request (no locking, no growth): a miss or a collision
/// costs only the allocation that would have happened anyway.
/// </summary>
internal sealed class RepeatedStrings
{
    // A batch of one device holds one or two ids and a few dozen distinct names.
    private const int Slots = 64;

    private readonly string?[] _slots = new string?[Slots];

    /// <summary>
    /// The reader's current unescaped string value. A hit needs the bytes to be ASCII and equal to
    /// the cached string, so a miss goes through <see cref="Utf8JsonReader.GetString"/> and keeps
    /// its validation of the UTF-8.
    /// </summary>
    public string Get(ref Utf8JsonReader reader)
    {
        var utf8 = reader.ValueSpan;
        int slot = (int)(XxHash3.HashToUInt64(utf8) % Slots);
        if (_slots[slot] is { } cached && Ascii.Equals(utf8, cached))
        {
            return cached;
        }
        return _slots[slot] = reader.GetString()!;
    }
}
