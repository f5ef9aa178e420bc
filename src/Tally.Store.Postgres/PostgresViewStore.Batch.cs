using Npgsql;
using NpgsqlTypes;
using Tally.Core.Views;

namespace Tally.Store.Postgres;

// The batch layer's part of the view store: archived days, first-seen users, batch cells, watermark.
public sealed partial class PostgresViewStore
{
    public async Task MarkArchivedAsync(IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count == 0)
        {
            return;
        }
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var bump = new NpgsqlCommand($"""
            INSERT INTO {_schema}.archive_days AS a (day, archive_version)
            SELECT DISTINCT d, 1 FROM unnest(@days) AS t(d)
            ON CONFLICT (day) DO UPDATE SET archive_version = a.archive_version + 1;
            """, connection);
        bump.Parameters.AddWithValue("days", days.ToArray());
        await bump.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<BatchProgress> LoadBatchProgressAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        var days = new List<ArchiveDay>();
        await using (var query = new NpgsqlCommand(
            $"SELECT day, archive_version, batched_version FROM {_schema}.archive_days ORDER BY day;", connection))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add(new ArchiveDay(reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        DateOnly? watermark = null;
        await using (var query = new NpgsqlCommand($"SELECT next_day FROM {_schema}.batch_watermark WHERE id = 1;", connection))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                watermark = reader.GetFieldValue<DateOnly>(0);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new BatchProgress(days, watermark);
    }

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> ReadFirstSeenAsync(
        string appId, IReadOnlyCollection<string> users, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentNullException.ThrowIfNull(users);
        var found = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // One array parameter however many users: no statement-size limit to chunk around.
        await using var query = new NpgsqlCommand(
            $"SELECT user_id, first_seen FROM {_schema}.first_seen WHERE app_id = @app AND user_id = ANY(@users);", connection);
        query.Parameters.AddWithValue("app", appId);
        query.Parameters.Add(new NpgsqlParameter("users", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = users.ToArray() });
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }
        return found;
    }

    public async Task CommitBatchAsync(BatchCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.AppId is not null && commit.Cells.FirstOrDefault(c => c.Key.AppId != commit.AppId) is { } stray)
        {
            throw new ArgumentException($"A batch commit of app {commit.AppId} holds a cell of app {stray.Key.AppId}.", nameof(commit));
        }
        var storage = await database.GetSketchStorageAsync(cancellationToken);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Batch commits take turns: lowering first-seen times reads the stored times before writing
        // them, and a concurrent commit of another day could otherwise move a user's first day
        // without the day the user was new on being marked dirty.
        await using (var turn = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@name, 0));", connection))
        {
            turn.Parameters.AddWithValue("name", $"tally.batch_commit.{_schema}");
            await turn.ExecuteNonQueryAsync(cancellationToken);
        }

        await EndLeaseAsync(connection, commit, cancellationToken);
        await ReplaceBatchCellsAsync(connection, storage, commit, cancellationToken);
        if (commit.FirstSeen.Count > 0)
        {
            await LowerFirstSeenAsync(connection, commit.Day, commit.FirstSeen, cancellationToken);
        }
        if (commit.AppId is null)
        {
            await using var batched = new NpgsqlCommand($"""
                INSERT INTO {_schema}.archive_days AS a (day, archive_version, batched_version) VALUES (@day, @version, @version)
                ON CONFLICT (day) DO UPDATE SET batched_version = GREATEST(a.batched_version, excluded.batched_version);
                """, connection);
            batched.Parameters.AddWithValue("day", commit.Day);
            batched.Parameters.AddWithValue("version", commit.ArchiveVersion);
            await batched.ExecuteNonQueryAsync(cancellationToken);
        }
        if (commit.Watermark is { } watermark)
        {
            // Not past the first day archived and never batched: another worker may be computing it.
            // Commits take turns (above), so this sees every earlier commit.
            await using var advance = new NpgsqlCommand($"""
                INSERT INTO {_schema}.batch_watermark AS w (id, next_day)
                SELECT 1, LEAST(@day, MIN(day)) FROM {_schema}.archive_days WHERE batched_version = 0 AND archive_version > 0
                ON CONFLICT (id) DO UPDATE SET next_day = GREATEST(w.next_day, excluded.next_day);
                """, connection);
            advance.Parameters.AddWithValue("day", watermark);
            await advance.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task ReplaceBatchCellsAsync(
        NpgsqlConnection connection, SketchStorage storage, BatchCommit commit, CancellationToken cancellationToken)
    {
        await using (var delete = new NpgsqlCommand(
            $"DELETE FROM {_schema}.batch_cells WHERE batch_day = @day AND (@app IS NULL OR app_id = @app);", connection))
        {
            delete.Parameters.AddWithValue("day", commit.Day);
            delete.Parameters.Add(new NpgsqlParameter("app", NpgsqlDbType.Text) { Value = (object?)commit.AppId ?? DBNull.Value });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (commit.Cells.Count == 0)
        {
            return;
        }

        await CellCopy.CopyCellsAsync(connection, "batch_in", commit.Cells, cancellationToken);
        // A duplicate key fails the insert and with it the whole commit: one day's run owns each cell.
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO {_schema}.batch_cells ({CellCopy.KeyColumns}, value, hll, sketch, batch_day)
            SELECT {CellCopy.KeyColumns}, value, {storage.ToColumn("hll")}, sketch, @day FROM batch_in;
            """, connection);
        insert.Parameters.AddWithValue("day", commit.Day);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Lowers first-seen times where the commit's are earlier, first bumping the archive version of
    /// every day a user was new on before and no longer is, so that day is batched again — and of
    /// <paramref name="day"/> itself when it counted a user as new whom an earlier day has since
    /// claimed (two workers on neighbouring days): its views are stale.
    /// </summary>
    private async Task LowerFirstSeenAsync(
        NpgsqlConnection connection, DateOnly day, IReadOnlyList<FirstSeen> firstSeen, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand("""
            CREATE TEMPORARY TABLE first_seen_in (app_id text COLLATE "C" NOT NULL, user_id text COLLATE "C" NOT NULL, first_seen timestamptz NOT NULL)
            ON COMMIT DROP;
            """, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY first_seen_in (app_id, user_id, first_seen) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var seen in firstSeen)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(seen.AppId, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(seen.User, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(seen.Time.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            }
            await importer.CompleteAsync(cancellationToken);
        }

        await using var lower = new NpgsqlCommand($"""
            WITH incoming AS (
                SELECT app_id, user_id, min(first_seen) AS earliest FROM first_seen_in GROUP BY app_id, user_id),
            moved AS (
                SELECT DISTINCT (f.first_seen AT TIME ZONE 'UTC')::date AS day
                FROM {_schema}.first_seen f JOIN incoming i USING (app_id, user_id)
                WHERE i.earliest < f.first_seen
                  AND (i.earliest AT TIME ZONE 'UTC')::date <> (f.first_seen AT TIME ZONE 'UTC')::date)
            INSERT INTO {_schema}.archive_days AS a (day, archive_version)
            SELECT day, 1 FROM moved
            ON CONFLICT (day) DO UPDATE SET archive_version = a.archive_version + 1;

            INSERT INTO {_schema}.archive_days AS a (day, archive_version)
            SELECT @day, 1 WHERE EXISTS (
                SELECT 1 FROM {_schema}.first_seen f JOIN first_seen_in i USING (app_id, user_id)
                WHERE (f.first_seen AT TIME ZONE 'UTC')::date < (i.first_seen AT TIME ZONE 'UTC')::date)
            ON CONFLICT (day) DO UPDATE SET archive_version = a.archive_version + 1;

            INSERT INTO {_schema}.first_seen AS f (app_id, user_id, first_seen)
            SELECT app_id, user_id, min(first_seen) FROM first_seen_in GROUP BY app_id, user_id
            ON CONFLICT (app_id, user_id) DO UPDATE SET first_seen = excluded.first_seen
            WHERE excluded.first_seen < f.first_seen;
            """, connection);
        lower.Parameters.AddWithValue("day", day);
        await lower.ExecuteNonQueryAsync(cancellationToken);
    }
}
