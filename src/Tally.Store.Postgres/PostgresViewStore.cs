using System.Data;
using Npgsql;
using NpgsqlTypes;
using Tally.Core.Views;

namespace Tally.Store.Postgres;

/// <summary>
/// Views in PostgreSQL, for running many speed, batch and query workers against one store.
/// Every writing method is one transaction. Bulk writes go through binary COPY into a temporary
/// table and one set-based statement from there. Distinct-count sketches are postgresql-hll
/// <c>hll</c> values where the extension is available (<see cref="SketchStorage"/>), so
/// <c>SELECT hll_cardinality(hll) FROM &lt;schema&gt;.batch_cells</c> works.
/// </summary>
/// <remarks>Expects <see cref="PostgresDatabase.MigrateAsync"/> to have run.</remarks>
public sealed partial class PostgresViewStore(PostgresDatabase database) : IViewStore
{
    private readonly string _schema = database.Schema;

    public async Task<SpeedCheckpoint> LoadSpeedCheckpointAsync(string consumerGroup, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerGroup);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // One snapshot for both reads: offsets and snapshots from the same commit.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

        var offsets = new Dictionary<int, long>();
        await using (var query = new NpgsqlCommand(
            $"SELECT partition, next_offset FROM {_schema}.speed_offsets WHERE consumer_group = @group;", connection))
        {
            query.Parameters.AddWithValue("group", consumerGroup);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                offsets[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }

        var snapshots = new Dictionary<int, StateSnapshot>();
        await using (var query = new NpgsqlCommand(
            $"SELECT partition, state_offset, state FROM {_schema}.speed_snapshots WHERE consumer_group = @group;", connection))
        {
            query.Parameters.AddWithValue("group", consumerGroup);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                snapshots[reader.GetInt32(0)] = new StateSnapshot(reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
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
        await using var command = new NpgsqlCommand(
            $"DELETE FROM {_schema}.speed_cells WHERE bucket_size = @size AND bucket_start < @cutoff;", connection);
        command.Parameters.AddWithValue("size", (short)size);
        command.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<ViewCell>> ReadCellsAsync(string table, ViewQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var storage = await database.GetSketchStorageAsync(cancellationToken);

        // Without sketches, NULLs in their place: the blobs (up to ~16 KB each) are neither read nor sent.
        string sketches = query.WithSketches ? $"{storage.FromColumn("hll")}, sketch" : "NULL, NULL";

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT key, dimension_value, bucket_start, value, {sketches} FROM {_schema}.{table}
            WHERE app_id = @app AND metric = @metric AND dimension = @dimension AND bucket_size = @size
              AND bucket_start >= @from AND bucket_start < @to
              AND (@key IS NULL OR key = @key)
            ORDER BY bucket_start, key, dimension_value;
            """, connection);
        command.Parameters.AddWithValue("app", query.AppId);
        command.Parameters.AddWithValue("metric", query.Metric);
        command.Parameters.AddWithValue("dimension", query.Dimension);
        command.Parameters.AddWithValue("size", (short)query.Size);
        command.Parameters.AddWithValue("from", query.From.ToUniversalTime());
        command.Parameters.AddWithValue("to", query.To.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = (object?)query.Key ?? DBNull.Value });

        var cells = new List<ViewCell>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new ViewKey(query.AppId, query.Metric, reader.GetString(0), query.Dimension, reader.GetString(1),
                query.Size, reader.GetFieldValue<DateTimeOffset>(2));
            cells.Add(new ViewCell(key, reader.GetDouble(3), CellCopy.SketchOf(reader, 4, 5)));
        }
        return cells;
    }
}
