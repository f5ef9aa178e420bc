namespace Tally.Store.Postgres;

/// <summary>
/// How the HyperLogLog sketches of distinct-count cells are stored, chosen once, when the schema
/// is created: as postgresql-hll <c>hll</c> values when the extension can be used (so SQL users can
/// <c>SELECT hll_cardinality(hll)</c>), else as plain <c>bytea</c> holding the same bytes.
/// </summary>
public enum SketchStorage
{
    /// <summary>The <c>hll</c> column is of the postgresql-hll type <c>hll</c>.</summary>
    Hll,

    /// <summary>The extension was missing (or not ours to create): the <c>hll</c> column is <c>bytea</c>.</summary>
    Bytea,
}

internal static class SketchStorageSql
{
    /// <summary>An expression turning the bytea <paramref name="expression"/> into the column's type.</summary>
    public static string ToColumn(this SketchStorage storage, string expression) =>
        storage == SketchStorage.Hll ? $"{expression}::hll" : expression;

    /// <summary>
    /// An expression reading the column as bytea. postgresql-hll has no cast to bytea; its text form
    /// is the bytes in hex (<c>\x…</c>), which the bytea cast decodes.
    /// </summary>
    public static string FromColumn(this SketchStorage storage, string column) =>
        storage == SketchStorage.Hll ? $"{column}::text::bytea" : column;
}
