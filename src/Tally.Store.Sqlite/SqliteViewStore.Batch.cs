using Microsoft.Data.Sqlite;
using Tally.Core.Views;

namespace Tally.Store.Sqlite;

// The batch layer's part of the view store: archived days, first-seen users, batch cells, watermark.
public sealed partial class SqliteViewStore
{
    // SQLite's default limit on host parameters per statement is 32,766; stay well below it.
    private const int FirstSeenLookupChunk = 500;

    public async Task MarkArchivedAsync(IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await BumpArchiveVersionsAsync(connection, transaction, days.Select(d => d.DayNumber), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<BatchProgress> LoadBatchProgressAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);

        var days = new List<ArchiveDay>();
        await using (var query = Command(connection, transaction,
            "SELECT day, archive_version, batched_version FROM archive_days ORDER BY day;"))
        {
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add(new ArchiveDay(DateOnly.FromDayNumber(reader.GetInt32(0)), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        DateOnly? watermark = null;
        await using (var query = Command(connection, transaction, "SELECT next_day FROM batch_watermark WHERE id = 1;"))
        {
            if (await query.ExecuteScalarAsync(cancellationToken) is long next)
            {
                watermark = DateOnly.FromDayNumber((int)next);
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
        await using var transaction = connection.BeginTransaction(deferred: true);
        foreach (var chunk in users.Chunk(FirstSeenLookupChunk))
        {
            await using var query = Command(connection, transaction, "");
            query.Parameters.AddWithValue("$app", appId);
            var names = new string[chunk.Length];
            for (int i = 0; i < chunk.Length; i++)
            {
                names[i] = "$u" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                query.Parameters.AddWithValue(names[i], chunk[i]);
            }
            query.CommandText = $"SELECT user, first_seen_ms FROM first_seen WHERE app_id = $app AND user IN ({string.Join(',', names)});";
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found[reader.GetString(0)] = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    public async Task CommitBatchAsync(BatchCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);

        await EndLeaseAsync(connection, transaction, commit, cancellationToken);
        await ReplaceBatchCellsAsync(connection, transaction, commit, cancellationToken);
        var movedFrom = await LowerFirstSeenAsync(connection, transaction, commit, cancellationToken);
        await BumpArchiveVersionsAsync(connection, transaction, movedFrom, cancellationToken);
        if (commit.AppId is null)
        {
            await using var batched = Command(connection, transaction, """
                INSERT INTO archive_days (day, archive_version, batched_version) VALUES ($day, $version, $version)
                ON CONFLICT DO UPDATE SET batched_version = MAX(batched_version, excluded.batched_version);
                """);
            batched.Parameters.AddWithValue("$day", commit.Day.DayNumber);
            batched.Parameters.AddWithValue("$version", commit.ArchiveVersion);
            await batched.ExecuteNonQueryAsync(cancellationToken);
        }
        if (commit.Watermark is { } watermark)
        {
            // Not past the first day archived and never batched: another worker may be computing it.
            await using var advance = Command(connection, transaction, """
                INSERT INTO batch_watermark (id, next_day)
                SELECT 1, MIN($day, COALESCE(MIN(day), $day)) FROM archive_days WHERE batched_version = 0 AND archive_version > 0
                ON CONFLICT DO UPDATE SET next_day = MAX(next_day, excluded.next_day);
                """);
            advance.Parameters.AddWithValue("$day", watermark.DayNumber);
            await advance.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ReplaceBatchCellsAsync(
        SqliteConnection connection, SqliteTransaction transaction, BatchCommit commit, CancellationToken cancellationToken)
    {
        await using (var delete = Command(connection, transaction,
            "DELETE FROM batch_cells WHERE batch_day = $day AND ($app IS NULL OR app_id = $app);"))
        {
            delete.Parameters.AddWithValue("$day", commit.Day.DayNumber);
            delete.Parameters.AddWithValue("$app", (object?)commit.AppId ?? DBNull.Value);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = Command(connection, transaction, """
            INSERT INTO batch_cells (app_id, metric, dimension, bucket_size, bucket_start_ms, key, dimension_value, value, sketch, batch_day)
            VALUES ($app, $metric, $dimension, $size, $start, $key, $value, $cellValue, $sketch, $day);
            """);
        var key = KeyParameters(insert);
        var cellValue = insert.Parameters.Add("$cellValue", SqliteType.Real);
        var sketch = insert.Parameters.Add("$sketch", SqliteType.Blob);
        insert.Parameters.AddWithValue("$day", commit.Day.DayNumber);
        foreach (var cell in commit.Cells)
        {
            if (commit.AppId is not null && cell.Key.AppId != commit.AppId)
            {
                throw new ArgumentException($"A batch commit of app {commit.AppId} holds a cell of app {cell.Key.AppId}.", nameof(commit));
            }
            key.Set(cell.Key);
            cellValue.Value = cell.Value;
            sketch.Value = cell.Sketch.IsEmpty ? DBNull.Value : cell.Sketch.ToArray();
            // A duplicate key fails the insert and with it the whole commit: one day's run owns each cell.
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Lowers first-seen times; returns the days to batch again: those users were new on before and
    /// no longer are, and the committed day itself if it counted a user as new whom an earlier day has since claimed.
    /// </summary>
    private static async Task<HashSet<int>> LowerFirstSeenAsync(
        SqliteConnection connection, SqliteTransaction transaction, BatchCommit commit, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction,
            "SELECT first_seen_ms FROM first_seen WHERE app_id = $app AND user = $user;");
        var selectApp = select.Parameters.Add("$app", SqliteType.Text);
        var selectUser = select.Parameters.Add("$user", SqliteType.Text);
        await using var upsert = Command(connection, transaction, """
            INSERT INTO first_seen (app_id, user, first_seen_ms) VALUES ($app, $user, $time)
            ON CONFLICT DO UPDATE SET first_seen_ms = excluded.first_seen_ms;
            """);
        var upsertApp = upsert.Parameters.Add("$app", SqliteType.Text);
        var upsertUser = upsert.Parameters.Add("$user", SqliteType.Text);
        var upsertTime = upsert.Parameters.Add("$time", SqliteType.Integer);

        var movedFrom = new HashSet<int>();
        foreach (var seen in commit.FirstSeen)
        {
            long time = seen.Time.ToUnixTimeMilliseconds();
            selectApp.Value = seen.AppId;
            selectUser.Value = seen.User;
            if (await select.ExecuteScalarAsync(cancellationToken) is long stored)
            {
                if (stored <= time)
                {
                    // The day counted this user as new, but another day's commit has since recorded an
                    // earlier day (two workers on neighbouring days): this day's views are stale.
                    if (DayOf(stored) < DayOf(time))
                    {
                        movedFrom.Add(commit.Day.DayNumber);
                    }
                    continue;
                }
                var before = DayOf(stored);
                if (before != DayOf(time))
                {
                    movedFrom.Add(before);
                }
            }
            upsertApp.Value = seen.AppId;
            upsertUser.Value = seen.User;
            upsertTime.Value = time;
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        return movedFrom;
    }

    private static async Task BumpArchiveVersionsAsync(
        SqliteConnection connection, SqliteTransaction transaction, IEnumerable<int> days, CancellationToken cancellationToken)
    {
        await using var bump = Command(connection, transaction, """
            INSERT INTO archive_days (day, archive_version) VALUES ($day, 1)
            ON CONFLICT DO UPDATE SET archive_version = archive_version + 1;
            """);
        var day = bump.Parameters.Add("$day", SqliteType.Integer);
        foreach (int d in days.Distinct())
        {
            day.Value = d;
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static int DayOf(long unixMilliseconds) =>
        DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime).DayNumber;
}
