using System.Collections.Frozen;
using Npgsql;
using NpgsqlTypes;
using Tally.Core.DeadLetters;
using Tally.Core.Events;

namespace Tally.Store.Postgres;

/// <summary>
/// Dead letters in PostgreSQL, written with binary COPY. <see cref="AddAsync"/> returns after the
/// COPY's transaction is committed, so the collector may acknowledge the batch.
/// </summary>
/// <remarks>Expects <see cref="PostgresDatabase.MigrateAsync"/> to have run.</remarks>
public sealed class PostgresDeadLetterStore(PostgresDatabase database) : IDeadLetterStore
{
    // Reasons are stored as their stable codes so the table reads well in any SQL tool.
    private static readonly FrozenDictionary<string, RejectReason> ReasonsByCode =
        Enum.GetValues<RejectReason>().ToFrozenDictionary(reason => reason.Code(), StringComparer.Ordinal);

    private readonly string _schema = database.Schema;

    public async ValueTask AddAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        if (letters.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // A COPY outside an explicit transaction is one transaction of its own: all letters or none.
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {_schema}.dead_letters (app_id, reason, detail, received_at, raw_event) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var letter in letters)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(letter.AppId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(letter.Reason.Code(), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(letter.Detail, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(letter.ReceivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(letter.RawEvent, NpgsqlDbType.Bytea, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<DeadLetter>> ListAsync(string appId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = new NpgsqlCommand($"""
            SELECT reason, detail, received_at, raw_event FROM {_schema}.dead_letters
            WHERE app_id = @app
            ORDER BY received_at DESC, id DESC
            LIMIT @limit;
            """, connection);
        query.Parameters.AddWithValue("app", appId);
        query.Parameters.AddWithValue("limit", limit);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new DeadLetter(
                appId,
                ReasonsByCode[reader.GetString(0)],
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<byte[]>(3)));
        }
        return letters;
    }

    public async ValueTask<int> DeleteAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var delete = new NpgsqlCommand($"DELETE FROM {_schema}.dead_letters WHERE app_id = @app;", connection);
        delete.Parameters.AddWithValue("app", appId);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
