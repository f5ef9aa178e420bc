using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tally.Log;

namespace Tally.Host.Ops;

/// <summary>Healthy when the event log is open and answers for every partition.</summary>
internal sealed class EventLogHealthCheck(IEventLog log) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        long records = 0;
        try
        {
            for (int p = 0; p < log.PartitionCount; p++)
            {
                var bounds = await log.GetBoundsAsync(p, cancellationToken);
                records += bounds.End - bounds.Start;
            }
        }
        catch (Exception ex) when (ex is LogException or ObjectDisposedException)
        {
            return HealthCheckResult.Unhealthy($"The event log is unavailable: {ex.Message}", ex);
        }
        return HealthCheckResult.Healthy($"{log.PartitionCount} partitions, {records} bytes retained");
    }
}
