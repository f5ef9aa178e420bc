using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Tally.Host.Configuration;

namespace Tally.Host.Ops;

/// <summary>Healthy when a file can be created and flushed in the data dir (a full or read-only disk shows up here).</summary>
internal sealed class DataDirectoryHealthCheck(IOptions<TallyOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var directory = options.Value.DataDirectoryFullPath;

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
