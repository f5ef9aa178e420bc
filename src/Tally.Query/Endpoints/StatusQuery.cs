using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tally.Core.Views;
using Tally.Query.Http;
using Tally.Query.Status;

namespace Tally.Query.Endpoints;

/// <summary>Answers <c>GET /api/v1/status</c>: health checks, speed lag, batch progress.</summary>
internal sealed class StatusQuery(HealthCheckService health, IViewStore views, SpeedFreshness speed, ServingState state)
{
    private const string Note =
        "Lag is measured for the speed layer only: its offsets are stored in the view store. Other consumer "
        + "groups (archiver) keep theirs in the log, and reading them through the log's consumer API means "
        + "joining the group, which would take partitions away from its real members.";

    public async Task<StatusResponse> RunAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var progress = await views.LoadBatchProgressAsync(cancellationToken);
        var lag = await speed.MeasureAsync(cancellationToken);
        var components = report.Entries
            .Select(e => new ComponentStatus(e.Key, e.Value.Status.ToString(), e.Value.Description))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var speedStatus = new SpeedStatus(lag.ConsumerGroup, lag.OffsetsBehind,
            [.. lag.Partitions.Select(p => new PartitionStatus(p.Partition, p.Committed, p.End, p.Behind))],
            lag.Age?.TotalSeconds, lag.Stale);
        bool late = state.IsBatchLate(progress.Watermark);
        var batch = new BatchStatus(progress.Watermark, late, progress.Days.Count(d => d.NeedsBatch));
        var overall = report.Status == HealthStatus.Healthy && (lag.Stale || late) ? HealthStatus.Degraded : report.Status;
        return new StatusResponse(overall.ToString(), components, speedStatus, batch, Note);
    }
}
