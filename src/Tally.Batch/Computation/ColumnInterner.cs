namespace Tally.Batch.Computation;

/// <summary>
/// Numbers one column's strings in a <see cref="StringTable"/>, remembering the last value: rows of an
/// archive file come in runs (one upload's events share app, user, session and event names often
/// repeat), so most rows cost an ordinal comparison instead of hashing the string.
/// </summary>
internal struct ColumnInterner
{
    private string? _last;
    private int _lastId;

    public int IdOf(string value, StringTable strings)
    {
        if (_last is null || !string.Equals(value, _last, StringComparison.Ordinal))
        {
            _lastId = strings.IdOf(value);
            _last = value;
        }
        return _lastId;
    }

    /// <summary>The table's copy of <paramref name="value"/>, so that repeated values share one instance.</summary>
    public string? Intern(string? value, StringTable strings) => value is null ? null : strings[IdOf(value, strings)];
}
