using System.Collections.Frozen;
using Tally.Core.DeadLetters;
using Tally.Core.Events;

namespace Tally.Store.Sqlite;

/// <summary>
/// Dead letters in <c>views.db</c>. <see cref="AddAsync"/> returns after its transaction is
/// committed with <c>synchronous=FULL</c>, so the collector may acknowledge the batch.
/// </summary>
/// <remarks>Expects <see cref="SqliteDatabase.MigrateAsync"/> to have run.</remarks>
public sealed class SqliteDeadLetterStore(SqliteDatabase database) : IDeadLetterStore
{
    // Reasons are stored as their stable codes so the table reads well in any SQLite tool.
    private static readonly FrozenDictionary<string, RejectReason> ReasonsByCode =
        Enum.GetValues<RejectReason>().ToFrozenDictionary(reason => reason.Code(), StringComparer.Ordinal);

    public async ValueTask AddAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        if (letters.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO dead_letters (app_id, reason, detail, received_at_ms, raw_event)
            VALUES ($appId, $reason, $detail, $receivedAt, $rawEvent);
            """;
        var appId = insert.Parameters.Add("$appId", Microsoft.Data.Sqlite.SqliteType.Text);
        var reason = insert.Parameters.Add("$reason", Microsoft.Data.Sqlite.SqliteType.Text);
        var detail = insert.Parameters.Add("$detail", Microsoft.Data.Sqlite.SqliteType.Text);
        var receivedAt = insert.Parameters.Add("$receivedAt", Microsoft.Data.Sqlite.SqliteType.Integer);
        var rawEvent = insert.Parameters.Add("$rawEvent", Microsoft.Data.Sqlite.SqliteType.Blob);

        foreach (var letter in letters)
        {
            appId.Value = letter.AppId;
            reason.Value = letter.Reason.Code();
            detail.Value = letter.Detail;
            receivedAt.Value = letter.ReceivedAt.ToUnixTimeMilliseconds();
            rawEvent.Value = letter.RawEvent.ToArray();
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        SqliteStoreMetrics.DeadLettersStored.Add(letters.Count);
    }

    public async ValueTask<IReadOnlyList<DeadLetter>> ListAsync(string appId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT reason, detail, received_at_ms, raw_event FROM dead_letters
            WHERE app_id = $appId
            ORDER BY received_at_ms DESC, id DESC
            LIMIT $limit;
            """;
        query.Parameters.AddWithValue("$appId", appId);
        query.Parameters.AddWithValue("$limit", limit);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new DeadLetter(
                appId,
                ReasonsByCode[reader.GetString(0)],
                reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                (byte[])reader.GetValue(3)));
        }

        return letters;
    }

    public async ValueTask<int> DeleteAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM dead_letters WHERE app_id = $appId;";
        delete.Parameters.AddWithValue("$appId", appId);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
