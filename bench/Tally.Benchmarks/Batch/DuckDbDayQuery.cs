using DuckDB.NET.Data;
using Tally.Core.Metrics;

namespace Tally.Benchmarks.Batch;

/// <summary>
/// DuckDB computing <see cref="ExactCounts"/> from the same Parquet files: duplicates removed by
/// (app_id, message_id) keeping the copy received first, user = coalesce(anonymous_id, user_id),
/// hours from the event time (epoch arithmetic, so no time zone setting is involved).
/// </summary>
internal static class DuckDbDayQuery
{
    /// <param name="threads">DuckDB's worker threads; null for its default (one per core).</param>
    public static ExactCounts Run(string parquetGlob, int? threads)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, threads is { } n ? $"SET threads = {n}" : "RESET threads");
        Execute(connection, $"""
            CREATE TEMP TABLE day_events AS
            SELECT app_id, coalesce(anonymous_id, user_id) AS user_key, type, event,
                   CAST(epoch_us(event_time) // 3600000000 % 24 AS INTEGER) AS hour
            FROM read_parquet('{parquetGlob.Replace("'", "''", StringComparison.Ordinal)}', hive_partitioning = false)
            QUALIFY row_number() OVER (PARTITION BY app_id, message_id ORDER BY received_at) = 1
            """);
        var counts = new ExactCounts();
        Read(connection, counts, Metrics.ActiveUsers.Name, """
            SELECT app_id, 'all', hour, count(DISTINCT user_key)
            FROM day_events GROUP BY GROUPING SETS ((app_id, hour), (app_id))
            """);
        Read(connection, counts, Metrics.Events.Name, """
            SELECT app_id, event, hour, count(*)
            FROM day_events WHERE type = 'track' GROUP BY GROUPING SETS ((app_id, event, hour), (app_id, event))
            """);
        return counts;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Read(DuckDBConnection connection, ExactCounts counts, string metric, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            int hour = reader.IsDBNull(2) ? ExactCounts.WholeDay : reader.GetInt32(2);
            counts.Add(metric, reader.GetString(0), reader.GetString(1), hour, reader.GetInt64(3));
        }
    }
}
