using Microsoft.Data.Sqlite;
using Tally.Core.Views;

namespace Tally.Store.Sqlite;

// The parts of a speed commit, each within the caller's transaction.
public sealed partial class SqliteViewStore
{
    private static async Task MergeCellsAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<ViewCell> deltas, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, $"SELECT value, sketch FROM speed_cells WHERE {CellKeyPredicate};");
        await using var upsert = Command(connection, transaction, """
            INSERT INTO speed_cells (app_id, metric, dimension, bucket_size, bucket_start_ms, key, dimension_value, value, sketch)
            VALUES ($app, $metric, $dimension, $size, $start, $key, $value, $cellValue, $sketch)
            ON CONFLICT DO UPDATE SET value = excluded.value, sketch = excluded.sketch;
            """);
        var selectKey = KeyParameters(select);
        var upsertKey = KeyParameters(upsert);
        var cellValue = upsert.Parameters.Add("$cellValue", SqliteType.Real);
        var sketch = upsert.Parameters.Add("$sketch", SqliteType.Blob);

        foreach (var delta in deltas)
        {
            // Refuses cells of unknown metrics even where there is nothing to merge yet.
            ViewCellMerge.KindOf(delta.Key.Metric);
            selectKey.Set(delta.Key);
            var merged = delta;
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    var stored = new ViewCell(delta.Key, reader.GetDouble(0), reader.IsDBNull(1) ? default : (byte[])reader.GetValue(1));
                    merged = ViewCellMerge.Merge(stored, delta);
                }
            }

            upsertKey.Set(delta.Key);
            cellValue.Value = merged.Value;
            sketch.Value = merged.Sketch.IsEmpty ? DBNull.Value : merged.Sketch.ToArray();
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task SaveOffsetsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string group, IReadOnlyDictionary<int, long> offsets, CancellationToken cancellationToken)
    {
        await using var upsert = Command(connection, transaction, """
            INSERT INTO speed_offsets (consumer_group, partition, next_offset) VALUES ($group, $partition, $offset)
            ON CONFLICT DO UPDATE SET next_offset = excluded.next_offset;
            """);
        upsert.Parameters.AddWithValue("$group", group);
        var partition = upsert.Parameters.Add("$partition", SqliteType.Integer);
        var offset = upsert.Parameters.Add("$offset", SqliteType.Integer);
        foreach (var (p, o) in offsets)
        {
            partition.Value = p;
            offset.Value = o;
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task SaveSnapshotsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string group, IReadOnlyDictionary<int, StateSnapshot> snapshots, CancellationToken cancellationToken)
    {
        await using var upsert = Command(connection, transaction, """
            INSERT INTO speed_snapshots (consumer_group, partition, state_offset, state) VALUES ($group, $partition, $offset, $state)
            ON CONFLICT DO UPDATE SET state_offset = excluded.state_offset, state = excluded.state;
            """);
        upsert.Parameters.AddWithValue("$group", group);
        var partition = upsert.Parameters.Add("$partition", SqliteType.Integer);
        var offset = upsert.Parameters.Add("$offset", SqliteType.Integer);
        var state = upsert.Parameters.Add("$state", SqliteType.Blob);
        foreach (var (p, snapshot) in snapshots)
        {
            partition.Value = p;
            offset.Value = snapshot.Offset;
            state.Value = snapshot.State.ToArray();
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static CellKeyParameters KeyParameters(SqliteCommand command) => new(
        command.Parameters.Add("$app", SqliteType.Text),
        command.Parameters.Add("$metric", SqliteType.Text),
        command.Parameters.Add("$dimension", SqliteType.Text),
        command.Parameters.Add("$size", SqliteType.Integer),
        command.Parameters.Add("$start", SqliteType.Integer),
        command.Parameters.Add("$key", SqliteType.Text),
        command.Parameters.Add("$value", SqliteType.Text));

    private sealed record CellKeyParameters(
        SqliteParameter App, SqliteParameter Metric, SqliteParameter Dimension, SqliteParameter Size,
        SqliteParameter Start, SqliteParameter Key, SqliteParameter Value)
    {
        public void Set(ViewKey key)
        {
            App.Value = key.AppId;
            Metric.Value = key.Metric;
            Dimension.Value = key.Dimension;
            Size.Value = (int)key.Size;
            Start.Value = key.BucketStart.ToUnixTimeMilliseconds();
            Key.Value = key.Key;
            Value.Value = key.DimensionValue;
        }
    }
}
