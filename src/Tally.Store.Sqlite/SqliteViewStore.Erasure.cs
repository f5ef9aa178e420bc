using Tally.Core.Views;

namespace Tally.Store.Sqlite;

/// <summary>Deleting an app's views and forgetting one user: the view store's part of a privacy request.</summary>
public sealed partial class SqliteViewStore
{
    public async Task<int> DeleteAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        int deleted = 0;
        // Each table leads its primary key with app_id, so every delete is an index range.
        foreach (string table in (string[])["speed_cells", "batch_cells", "first_seen"])
        {
            // table is one of three constants above, never input.
            await using var command = Command(connection, transaction, $"DELETE FROM {table} WHERE app_id = $app;");
            command.Parameters.AddWithValue("$app", appId);
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
        await using var command = Command(connection, null, "DELETE FROM first_seen WHERE app_id = $app AND user = $user;");
        command.Parameters.AddWithValue("$app", appId);
        command.Parameters.AddWithValue("$user", user);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
