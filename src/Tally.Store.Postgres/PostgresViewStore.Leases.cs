using Npgsql;
using Tally.Core.Views;

namespace Tally.Store.Postgres;

// Batch leases, kept on the archive_days row of their day (the day's batch job). Times are the
// server's clock_timestamp(), so workers' clocks do not matter.
public sealed partial class PostgresViewStore
{
    public async Task<BatchLease?> TryClaimDayAsync(DateOnly day, string workerId, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // SKIP LOCKED: a row locked by a concurrent claim, renewal or commit of the day counts as
        // held; the claimer moves on to its next day instead of queueing behind it.
        await using var claim = new NpgsqlCommand($"""
            UPDATE {_schema}.archive_days a
            SET lease_token = a.lease_token + 1, lease_holder = @worker, lease_expires_at = clock_timestamp() + @duration
            FROM (SELECT day FROM {_schema}.archive_days
                  WHERE day = @day AND archive_version > batched_version AND lease_expires_at <= clock_timestamp()
                  FOR UPDATE SKIP LOCKED) free
            WHERE a.day = free.day
            RETURNING a.lease_token, a.archive_version, a.lease_expires_at;
            """, connection);
        claim.Parameters.AddWithValue("day", day);
        claim.Parameters.AddWithValue("worker", workerId);
        claim.Parameters.AddWithValue("duration", duration);
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new BatchLease(day, workerId, reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    public async Task<BatchLease?> RenewAsync(BatchLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var renew = new NpgsqlCommand($"""
            UPDATE {_schema}.archive_days SET lease_expires_at = clock_timestamp() + @duration
            WHERE day = @day AND lease_token = @token AND lease_holder IS NOT NULL
            RETURNING lease_expires_at;
            """, connection);
        AddLeaseParameters(renew, lease);
        renew.Parameters.AddWithValue("duration", duration);
        return await renew.ExecuteScalarAsync(cancellationToken) is DateTime expires
            ? lease with { ExpiresAt = new DateTimeOffset(expires, TimeSpan.Zero) }
            : null;
    }

    public async Task ReleaseAsync(BatchLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var release = new NpgsqlCommand(ReleaseSql, connection);
        AddLeaseParameters(release, lease);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    // Ends a lease that still holds its day; a lease taken over or ended already matches no row.
    private string ReleaseSql => $"""
        UPDATE {_schema}.archive_days SET lease_holder = NULL, lease_expires_at = '-infinity'
        WHERE day = @day AND lease_token = @token AND lease_holder IS NOT NULL;
        """;

    /// <summary>
    /// Ends the commit's lease, or fails when it no longer holds the day. A commit without a lease
    /// (backfill) revokes any holder's: a newer token makes that holder's own commit fail.
    /// </summary>
    private async Task EndLeaseAsync(NpgsqlConnection connection, BatchCommit commit, CancellationToken cancellationToken)
    {
        if (commit.Lease is { } lease)
        {
            if (lease.Day != commit.Day)
            {
                throw new ArgumentException($"A batch commit of day {commit.Day} carries a lease on day {lease.Day}.", nameof(commit));
            }
            await using var end = new NpgsqlCommand(ReleaseSql, connection);
            AddLeaseParameters(end, lease);
            if (await end.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new BatchLeaseLostException(lease);
            }
            return;
        }
        await using var revoke = new NpgsqlCommand($"""
            UPDATE {_schema}.archive_days SET lease_token = lease_token + 1, lease_holder = NULL, lease_expires_at = '-infinity'
            WHERE day = @day AND lease_holder IS NOT NULL;
            """, connection);
        revoke.Parameters.AddWithValue("day", commit.Day);
        await revoke.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddLeaseParameters(NpgsqlCommand command, BatchLease lease)
    {
        command.Parameters.AddWithValue("day", lease.Day);
        command.Parameters.AddWithValue("token", lease.Token);
    }
}
