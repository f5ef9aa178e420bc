using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Tally.Host.Configuration;
using Tally.Store.Sqlite;

namespace Tally.Host.Ops;

/// <summary>
/// Healthy when the data dir is still the one the server started with (it holds the view store)
/// and a file can be created and flushed in it (a full or read-only disk shows up here).
/// </summary>
internal sealed class DataDirectoryHealthCheck(IOptions<TallyOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var directory = options.Value.DataDirectoryFullPath;
        // A deleted data dir may be recreated empty by a component that writes into it; the files
        // the server had open are gone either way.
        if (!File.Exists(Path.Combine(directory, SqliteDatabase.FileName)))
        {
            return HealthCheckResult.Unhealthy($"{directory} no longer holds {SqliteDatabase.FileName}: was the data dir deleted or replaced?");
        }


        // A unique name so concurrent probes do not trip over each other; deleted when closed.
        var probePath = Path.Combine(directory, $".healthz-{Guid.NewGuid():N}");
        try
        {
            await using var probe = new FileStream(
                probePath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await probe.WriteAsync("ok"u8.ToArray(), cancellationToken);
            await probe.FlushAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{directory} is writable");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"{directory} is not writable: {ex.Message}", ex);
        }
    }
}
