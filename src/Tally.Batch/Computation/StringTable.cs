using System.Runtime.InteropServices;

namespace Tally.Batch.Computation;

/// <summary>
/// Numbers the strings of one day's computation: each distinct app, user, event name, context
/// value and property value is held once, and cells are keyed by integers instead of strings.
/// Lookups by characters do not allocate, so a property value seen before costs no string.
/// </summary>
internal sealed class StringTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly List<string> _strings = [];

    public StringTable() => _byChars = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _strings.Count;

    public string this[int id] => _strings[id];

    public int IdOf(string text)
    {
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, text, out bool exists);
        if (!exists)
        {
            id = _strings.Count;
            _strings.Add(text);
        }
        return id;
    }

    public int IdOf(ReadOnlySpan<char> text)
    {
        if (_byChars.TryGetValue(text, out int id))
        {
            return id;
        }
        return IdOf(text.ToString());
    }

    /// <summary>The table's copy of <paramref name="text"/>, so that repeated values share one instance.</summary>
    public string? Intern(string? text) => text is null ? null : _strings[IdOf(text)];
}
