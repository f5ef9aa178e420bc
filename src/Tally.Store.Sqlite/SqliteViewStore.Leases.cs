using Microsoft.Data.Sqlite;
using Tally.Core.Views;

namespace Tally.Store.Sqlite;

// Batch leases, kept on the archive_days row of their day. Each statement is atomic on its own:
// SQLite runs one writer at a time, across processes too.
public sealed partial class SqliteViewStore
{
    // The database's clock in unix milliseconds; 'now' is fixed for the whole statement.
    private const string NowMs = "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";

    // Ends a lease that still holds its day; a lease taken over or ended already matches no row.
    private const string ReleaseSql = """
        UPDATE archive_days SET lease_holder = NULL, lease_expires_ms = 0
        WHERE day = $day AND lease_token = $token AND lease_holder IS NOT NULL;
        """;

    public async Task<BatchLease?> TryClaimDayAsync(DateOnly day, string workerId, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var claim = Command(connection, null, $"""
            UPDATE archive_days
            SET lease_token = lease_token + 1, lease_holder = $worker, lease_expires_ms = {NowMs} + $duration
            WHERE day = $day AND archive_version > batched_version AND lease_expires_ms <= {NowMs}
            RETURNING lease_token, archive_version, lease_expires_ms;
            """);
        claim.Parameters.AddWithValue("$day", day.DayNumber);
        claim.Parameters.AddWithValue("$worker", workerId);
        claim.Parameters.AddWithValue("$duration", (long)duration.TotalMilliseconds);
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new BatchLease(day, workerId, reader.GetInt64(0), reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)))
            : null;
    }

    public async Task<BatchLease?> RenewAsync(BatchLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var renew = Command(connection, null, $"""
            UPDATE archive_days SET lease_expires_ms = {NowMs} + $duration
            WHERE day = $day AND lease_token = $token AND lease_holder IS NOT NULL
            RETURNING lease_expires_ms;
            """);
        AddLeaseParameters(renew, lease);
        renew.Parameters.AddWithValue("$duration", (long)duration.TotalMilliseconds);
        return await renew.ExecuteScalarAsync(cancellationToken) is long expires
            ? lease with { ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expires) }
            : null;
    }

    public async Task ReleaseAsync(BatchLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var release = Command(connection, null, ReleaseSql);
        AddLeaseParameters(release, lease);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Ends the commit's lease, or fails when it no longer holds the day. A commit without a lease
    /// (backfill) revokes any holder's: a newer token makes that holder's own commit fail.
    /// </summary>
    private static async Task EndLeaseAsync(
        SqliteConnection connection, SqliteTransaction transaction, BatchCommit commit, CancellationToken cancellationToken)
    {
        if (commit.Lease is { } lease)
        {
            if (lease.Day != commit.Day)
            {
                throw new ArgumentException($"A batch commit of day {commit.Day} carries a lease on day {lease.Day}.", nameof(commit));
            }
            await using var end = Command(connection, transaction, ReleaseSql);
            AddLeaseParameters(end, lease);
            if (await end.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new BatchLeaseLostException(lease);
            }
            return;
        }
        await using var revoke = Command(connection, transaction, """
            UPDATE archive_days SET lease_token = lease_token + 1, lease_holder = NULL, lease_expires_ms = 0
            WHERE day = $day AND lease_holder IS NOT NULL;
            """);
        revoke.Parameters.AddWithValue("$day", commit.Day.DayNumber);
        await revoke.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddLeaseParameters(SqliteCommand command, BatchLease lease)
    {
        command.Parameters.AddWithValue("$day", lease.Day.DayNumber);
        command.Parameters.AddWithValue("$token", lease.Token);
    }
}
