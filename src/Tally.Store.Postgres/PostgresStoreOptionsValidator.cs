using Microsoft.Extensions.Options;
using Npgsql;

namespace Tally.Store.Postgres;

/// <summary>Fails start-up with a message naming the bad setting.</summary>
internal sealed class PostgresStoreOptionsValidator : IValidateOptions<PostgresStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{Setting(nameof(options.ConnectionString))} must be set to an Npgsql connection string.");
        }
        else if (ParseError(options.ConnectionString) is { } error)
        {
            failures.Add($"{Setting(nameof(options.ConnectionString))} is not a valid Npgsql connection string: {error}");
        }
        if (!SchemaName.IsValid(options.Schema))
        {
            failures.Add($"{Setting(nameof(options.Schema))} must be {SchemaName.Rule}, not '{options.Schema}'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? ParseError(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    private static string Setting(string property) => $"{PostgresStoreOptions.SectionName}:{property}";
}
