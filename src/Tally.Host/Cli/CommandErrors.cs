using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Tally.Host.Configuration;

namespace Tally.Host.Cli;

/// <summary>Turns the failures a user can fix (configuration, disk, database) into a message and exit code 1.</summary>
internal static class CommandErrors
{
    public const int Success = 0;
    public const int Failure = 1;

    public static async Task<int> RunAsync(TextWriter error, Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (Exception ex) when (ex is TallyConfigurationException or OptionsValidationException or IOException or UnauthorizedAccessException
            or SqliteException or NpgsqlException or InvalidDataException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return Failure;
        }
    }
}
