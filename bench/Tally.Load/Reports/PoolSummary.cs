using Tally.Bench.Payloads;

namespace Tally.Load.Reports;

/// <summary>What was sent or decoded: the payload pool's shape and sizes.</summary>
internal sealed record PoolSummary(
    int Batches,
    int EventsPerBatch,
    int Seed,
    double MeanEventBytes,
    double MeanBatchJsonBytes,
    double MeanBatchGzipBytes,
    double CompressionRatio)
{
    public static PoolSummary Of(PayloadPool pool, PayloadPoolOptions options) => new(
        pool.Payloads.Count,
        options.EventsPerBatch,
        options.Seed,
        Math.Round(pool.MeanEventBytes, 1),
        Math.Round((double)pool.JsonBytes / pool.Payloads.Count, 1),
        Math.Round((double)pool.GzipBytes / pool.Payloads.Count, 1),
        Math.Round((double)pool.JsonBytes / pool.GzipBytes, 2));
}
