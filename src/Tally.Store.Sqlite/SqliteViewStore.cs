using Microsoft.Data.Sqlite;
using Tally.Core.Views;

namespace Tally.Store.Sqlite;

/// <summary>
/// Views in <c>views.db</c>. A speed commit reads the cells it touches, merges the deltas into
/// them (<see cref="ViewCellMerge"/>) and writes them back together with the offsets and
/// snapshots, all in one IMMEDIATE transaction: concurrent committers (speed workers on other
/// partitions) serialise, and a crash leaves either all of a commit or none of it.
/// </summary>
/// <remarks>Expects <see cref="SqliteDatabase.MigrateAsync"/> to have run.</remarks>
public sealed partial class SqliteViewStore(SqliteDatabase database) : IViewStore
{
    private const string CellKeyPredicate = """
        app_id = $app AND metric = $metric AND dimension = $dimension AND bucket_size = $size
        AND bucket_start_ms = $start AND key = $key AND dimension_value = $value
        """;

    public async Task CommitSpeedAsync(SpeedCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentException.ThrowIfNullOrWhiteSpace(commit.ConsumerGroup);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await MergeCellsAsync(connection, transaction, commit.Deltas, cancellationToken);
        await SaveOffsetsAsync(connection, transaction, commit.ConsumerGroup, commit.Offsets, cancellationToken);
        await SaveSnapshotsAsync(connection, transaction, commit.ConsumerGroup, commit.Snapshots, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<SpeedCheckpoint> LoadSpeedCheckpointAsync(string consumerGroup, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerGroup);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // One read transaction: offsets and snapshots from the same commit.
        await using var transaction = connection.BeginTransaction(deferred: true);

        var offsets = new Dictionary<int, long>();
        await using (var query = Command(connection, transaction,
            "SELECT partition, next_offset FROM speed_offsets WHERE consumer_group = $group;"))
        {
            query.Parameters.AddWithValue("$group", consumerGroup);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                offsets[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }

        var snapshots = new Dictionary<int, StateSnapshot>();
        await using (var query = Command(connection, transaction,
            "SELECT partition, state_offset, state FROM speed_snapshots WHERE consumer_group = $group;"))
        {
            query.Parameters.AddWithValue("$group", consumerGroup);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                snapshots[reader.GetInt32(0)] = new StateSnapshot(reader.GetInt64(1), (byte[])reader.GetValue(2));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new SpeedCheckpoint(offsets, snapshots);
    }

    public Task<IReadOnlyList<ViewCell>> ReadSpeedAsync(ViewQuery query, CancellationToken cancellationToken = default) =>
        ReadCellsAsync("speed_cells", query, cancellationToken);

    public Task<IReadOnlyList<ViewCell>> ReadBatchAsync(ViewQuery query, CancellationToken cancellationToken = default) =>
        ReadCellsAsync("batch_cells", query, cancellationToken);

    public async Task<int> DeleteSpeedBeforeAsync(BucketSize size, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "DELETE FROM speed_cells WHERE bucket_size = $size AND bucket_start_ms < $cutoff;");
        command.Parameters.AddWithValue("$size", (int)size);
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<ViewCell>> ReadCellsAsync(string table, ViewQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // Without sketches, NULL in their place: SQLite then never follows the blobs' overflow pages.
        await using var command = Command(connection, null, $"""
            SELECT key, dimension_value, bucket_start_ms, value, {(query.WithSketches ? "sketch" : "NULL")} FROM {table}
            WHERE app_id = $app AND metric = $metric AND dimension = $dimension AND bucket_size = $size
              AND bucket_start_ms >= $from AND bucket_start_ms < $to
              AND ($key IS NULL OR key = $key)
            ORDER BY bucket_start_ms, key, dimension_value;
            """);
        command.Parameters.AddWithValue("$app", query.AppId);
        command.Parameters.AddWithValue("$metric", query.Metric);
        command.Parameters.AddWithValue("$dimension", query.Dimension);
        command.Parameters.AddWithValue("$size", (int)query.Size);
        command.Parameters.AddWithValue("$from", query.From.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", query.To.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$key", (object?)query.Key ?? DBNull.Value);

        var cells = new List<ViewCell>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new ViewKey(query.AppId, query.Metric, reader.GetString(0), query.Dimension, reader.GetString(1),
                query.Size, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
            cells.Add(new ViewCell(key, reader.GetDouble(3), reader.IsDBNull(4) ? default : (byte[])reader.GetValue(4)));
        }
        return cells;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
