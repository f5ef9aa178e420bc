using Npgsql;
using NpgsqlTypes;
using Tally.Core.Metrics;
using Tally.Core.Views;

namespace Tally.Store.Postgres;

/// <summary>
/// Bulk-writes cells with binary COPY into a transaction-scoped temporary table, from which one
/// statement then merges or inserts them. Sketches travel as bytea: the temporary table needs no
/// extension, and the statement casts them to the view table's <see cref="SketchStorage"/>.
/// </summary>
internal static class CellCopy
{
    /// <summary>The columns that identify a cell, in primary-key order.</summary>
    public const string KeyColumns = "app_id, metric, dimension, bucket_size, bucket_start, key, dimension_value";

    /// <summary><paramref name="alias"/>'s key columns as one row value, for comparing keys of two tables.</summary>
    public static string KeyRow(string alias) =>
        $"({alias}.app_id, {alias}.metric, {alias}.dimension, {alias}.bucket_size, {alias}.bucket_start, {alias}.key, {alias}.dimension_value)";

    /// <summary>
    /// Creates temporary table <paramref name="table"/> (dropped at commit) and copies
    /// <paramref name="cells"/> into it; column <c>n</c> is each cell's index in the list.
    /// </summary>
    public static async Task CopyCellsAsync(
        NpgsqlConnection connection, string table, IReadOnlyList<ViewCell> cells, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand($"""
            CREATE TEMPORARY TABLE {table} (
                n integer NOT NULL, app_id text COLLATE "C" NOT NULL, metric text COLLATE "C" NOT NULL,
                dimension text COLLATE "C" NOT NULL, bucket_size smallint NOT NULL, bucket_start timestamptz NOT NULL,
                key text COLLATE "C" NOT NULL, dimension_value text COLLATE "C" NOT NULL,
                value double precision NOT NULL, hll bytea, sketch bytea
            ) ON COMMIT DROP;
            """, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} (n, {KeyColumns}, value, hll, sketch) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (int n = 0; n < cells.Count; n++)
        {
            var cell = cells[n];
            var key = cell.Key;
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(n, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(key.AppId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(key.Metric, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(key.Dimension, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync((short)key.Size, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(key.BucketStart.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(key.Key, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(key.DimensionValue, NpgsqlDbType.Text, cancellationToken);
            await WriteValueAndSketchesAsync(importer, cell, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// Creates temporary table <paramref name="table"/> (dropped at commit) with the new contents of
    /// cells already copied by <see cref="CopyCellsAsync"/>, matched by <c>n</c>.
    /// </summary>
    public static async Task CopyContentsAsync(
        NpgsqlConnection connection, string table, IReadOnlyList<(int N, ViewCell Cell)> cells, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            $"CREATE TEMPORARY TABLE {table} (n integer NOT NULL, value double precision NOT NULL, hll bytea, sketch bytea) ON COMMIT DROP;",
            connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} (n, value, hll, sketch) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var (n, cell) in cells)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(n, NpgsqlDbType.Integer, cancellationToken);
            await WriteValueAndSketchesAsync(importer, cell, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>The cell's sketch, from whichever column holds it.</summary>
    public static ReadOnlyMemory<byte> SketchOf(NpgsqlDataReader reader, int hllOrdinal, int sketchOrdinal) =>
        !reader.IsDBNull(hllOrdinal) ? reader.GetFieldValue<byte[]>(hllOrdinal)
        : !reader.IsDBNull(sketchOrdinal) ? reader.GetFieldValue<byte[]>(sketchOrdinal)
        : default;

    /// <summary>
    /// Distinct-count sketches go to the <c>hll</c> column (an <c>hll</c> value SQL can query);
    /// every other sketch (duration medians) to <c>sketch</c>.
    /// </summary>
    private static async Task WriteValueAndSketchesAsync(NpgsqlBinaryImporter importer, ViewCell cell, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(cell.Value, NpgsqlDbType.Double, cancellationToken);
        if (cell.Sketch.IsEmpty)
        {
            await importer.WriteNullAsync(cancellationToken);
            await importer.WriteNullAsync(cancellationToken);
            return;
        }
        if (Metrics.FindStored(cell.Key.Metric)?.Kind == AggregationKind.Distinct)
        {
            await importer.WriteAsync(cell.Sketch, NpgsqlDbType.Bytea, cancellationToken);
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
            await importer.WriteAsync(cell.Sketch, NpgsqlDbType.Bytea, cancellationToken);
        }
    }
}
