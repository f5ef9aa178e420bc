using Npgsql;
using NpgsqlTypes;
using Tally.Core.Views;

namespace Tally.Store.Postgres;

// The speed commit: deltas merged into the speed cells by ViewCellMerge, offsets and snapshots beside them.
public sealed partial class PostgresViewStore
{
    /// <summary>
    /// Merges in three set-based steps within one READ COMMITTED transaction, so that speed workers of
    /// different partitions commit concurrently without losing updates:
    /// (1) insert the deltas of cells that do not exist yet (ON CONFLICT DO NOTHING waits for a
    /// concurrent inserter of the same cell and then leaves the cell to step 2);
    /// (2) lock the other cells (FOR UPDATE, in key order, so concurrent commits cannot deadlock)
    /// and read them; (3) merge in C# with <see cref="ViewCellMerge"/> — the one definition of how
    /// cells combine, which a server-side sum or hll_union could only duplicate — and write back.
    /// </summary>
    public async Task CommitSpeedAsync(SpeedCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentException.ThrowIfNullOrWhiteSpace(commit.ConsumerGroup);
        // Before any I/O: refuses unknown metrics, and folds deltas of one cell into one row
        // (a statement may not insert or update a row twice).
        var deltas = FoldByKey(commit.Deltas);
        var storage = await database.GetSketchStorageAsync(cancellationToken);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (deltas.Count > 0)
        {
            await MergeCellsAsync(connection, storage, deltas, cancellationToken);
        }
        await SaveOffsetsAsync(connection, commit.ConsumerGroup, commit.Offsets, cancellationToken);
        await SaveSnapshotsAsync(connection, commit.ConsumerGroup, commit.Snapshots, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static List<ViewCell> FoldByKey(IReadOnlyList<ViewCell> deltas)
    {
        var byKey = new Dictionary<ViewKey, int>(deltas.Count);
        var folded = new List<ViewCell>(deltas.Count);
        foreach (var delta in deltas)
        {
            // Refuses cells of unknown metrics even where there is nothing to merge.
            ViewCellMerge.KindOf(delta.Key.Metric);
            if (byKey.TryGetValue(delta.Key, out int index))
            {
                folded[index] = ViewCellMerge.Merge(folded[index], delta);
            }
            else
            {
                byKey.Add(delta.Key, folded.Count);
                folded.Add(delta);
            }
        }
        return folded;
    }

    private async Task MergeCellsAsync(
        NpgsqlConnection connection, SketchStorage storage, List<ViewCell> deltas, CancellationToken cancellationToken)
    {
        await CellCopy.CopyCellsAsync(connection, "speed_deltas", deltas, cancellationToken);

        await using (var insertNew = new NpgsqlCommand($"""
            WITH inserted AS (
                INSERT INTO {_schema}.speed_cells ({CellCopy.KeyColumns}, value, hll, sketch)
                SELECT {CellCopy.KeyColumns}, value, {storage.ToColumn("hll")}, sketch FROM speed_deltas
                ORDER BY {CellCopy.KeyColumns}
                ON CONFLICT DO NOTHING
                RETURNING {CellCopy.KeyColumns})
            DELETE FROM speed_deltas d USING inserted i WHERE {CellCopy.KeyRow("d")} = {CellCopy.KeyRow("i")};
            """, connection))
        {
            await insertNew.ExecuteNonQueryAsync(cancellationToken);
        }

        var merged = new List<(int N, ViewCell Cell)>();
        await using (var lockExisting = new NpgsqlCommand($"""
            SELECT d.n, c.value, {storage.FromColumn("c.hll")}, c.sketch
            FROM {_schema}.speed_cells c JOIN speed_deltas d ON {CellCopy.KeyRow("c")} = {CellCopy.KeyRow("d")}
            ORDER BY {CellCopy.KeyRow("c")}
            FOR UPDATE OF c;
            """, connection))
        await using (var reader = await lockExisting.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                int n = reader.GetInt32(0);
                var delta = deltas[n];
                var stored = new ViewCell(delta.Key, reader.GetDouble(1), CellCopy.SketchOf(reader, 2, 3));
                merged.Add((n, ViewCellMerge.Merge(stored, delta)));
            }
        }
        if (merged.Count == 0)
        {
            return;
        }

        await CellCopy.CopyContentsAsync(connection, "speed_merged", merged, cancellationToken);
        await using var update = new NpgsqlCommand($"""
            UPDATE {_schema}.speed_cells c SET value = m.value, hll = {storage.ToColumn("m.hll")}, sketch = m.sketch
            FROM speed_merged m JOIN speed_deltas d USING (n)
            WHERE {CellCopy.KeyRow("c")} = {CellCopy.KeyRow("d")};
            """, connection);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task SaveOffsetsAsync(
        NpgsqlConnection connection, string group, IReadOnlyDictionary<int, long> offsets, CancellationToken cancellationToken)
    {
        if (offsets.Count == 0)
        {
            return;
        }
        await using var upsert = new NpgsqlCommand($"""
            INSERT INTO {_schema}.speed_offsets (consumer_group, partition, next_offset)
            SELECT @group, p, o FROM unnest(@partitions, @offsets) AS t(p, o)
            ON CONFLICT (consumer_group, partition) DO UPDATE SET next_offset = excluded.next_offset;
            """, connection);
        upsert.Parameters.AddWithValue("group", group);
        upsert.Parameters.AddWithValue("partitions", offsets.Keys.ToArray());
        upsert.Parameters.AddWithValue("offsets", offsets.Values.ToArray());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task SaveSnapshotsAsync(
        NpgsqlConnection connection, string group, IReadOnlyDictionary<int, StateSnapshot> snapshots, CancellationToken cancellationToken)
    {
        if (snapshots.Count == 0)
        {
            return;
        }
        await using var upsert = new NpgsqlCommand($"""
            INSERT INTO {_schema}.speed_snapshots (consumer_group, partition, state_offset, state)
            SELECT @group, p, o, s FROM unnest(@partitions, @offsets, @states) AS t(p, o, s)
            ON CONFLICT (consumer_group, partition) DO UPDATE SET state_offset = excluded.state_offset, state = excluded.state;
            """, connection);
        upsert.Parameters.AddWithValue("group", group);
        upsert.Parameters.AddWithValue("partitions", snapshots.Keys.ToArray());
        upsert.Parameters.AddWithValue("offsets", snapshots.Values.Select(s => s.Offset).ToArray());
        upsert.Parameters.Add(new NpgsqlParameter("states", NpgsqlDbType.Array | NpgsqlDbType.Bytea)
        {
            Value = snapshots.Values.Select(s => s.State.ToArray()).ToArray(),
        });
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }
}
