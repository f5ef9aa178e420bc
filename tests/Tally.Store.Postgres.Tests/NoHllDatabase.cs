using Npgsql;
using Tally.Testing.Postgres;

namespace Tally.Store.Postgres.Tests;

/// <summary>
/// A database without the hll extension, reached through a role that may not create it (hll is
/// not a trusted extension): the case where the stores fall back to bytea sketches. Created on
/// first use, dropped with its role after the test class.
/// </summary>
public sealed class NoHllDatabase : IAsyncLifetime
{
    private readonly SemaphoreSlim _creating = new(1, 1);
    private readonly string _name = $"tally_nohll_{Guid.NewGuid():N}";
    private NpgsqlDataSource? _admin;
    private string? _connectionString;

    /// <summary>A connection string to the database, as a role that cannot create extensions.</summary>
    public async Task<string> GetConnectionStringAsync(PostgresFixture postgres)
    {
        await _creating.WaitAsync();
        try
        {
            if (_connectionString is null)
            {
                _admin = postgres.DataSource;
                await ExecuteAsync($"CREATE DATABASE {_name}");
                await ExecuteAsync($"CREATE ROLE {_name} NOLOGIN");
                await ExecuteAsync($"GRANT CREATE ON DATABASE {_name} TO {_name}");
                // The test user logs in as itself (a superuser) and acts as the unprivileged role.
                _connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString)
                {
                    Database = _name,
                    Options = $"-c role={_name}",
                }.ConnectionString;
            }
            return _connectionString;
        }
        finally
        {
            _creating.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
            await ExecuteAsync($"DROP ROLE IF EXISTS {_name}");
        }
        _creating.Dispose();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _admin!.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
