using Npgsql;

namespace Tally.Store.Postgres;

/// <summary>Deleting an app's views and forgetting one user: the view store's part of a privacy request.</summary>
public sealed partial class PostgresViewStore
{
    public async Task<int> DeleteAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int deleted = 0;
        // Each table leads its primary key with app_id, so every delete is an index range.
        foreach (string table in (string[])["speed_cells", "batch_cells", "first_seen"])
        {
            // table is one of three constants above, never input.
            await using var command = new NpgsqlCommand($"DELETE FROM {_schema}.{table} WHERE app_id = @app;", connection, transaction);
            command.Parameters.AddWithValue("app", appId);
            deleted += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<bool> ForgetUserAsync(string appId, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentException.ThrowIfNullOrEmpty(user);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"DELETE FROM {_schema}.first_seen WHERE app_id = @app AND user_id = @user;", connection);
        command.Parameters.AddWithValue("app", appId);
        command.Parameters.AddWithValue("user", user);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
