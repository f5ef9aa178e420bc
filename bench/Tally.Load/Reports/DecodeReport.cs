namespace Tally.Load.Reports;

/// <summary>One bare-decode variant's cost on a single thread.</summary>
internal sealed record DecodeVariantResult(
    string Name,
    string Description,
    long Events,
    double WallSeconds,
    double EventsPerSecond,
    double CpuSeconds,
    double CpuSecondsPerMillionEvents,
    double EventsPerCpuSecond);

/// <summary>The <c>decode</c> command's result: the in-process baseline a collector is compared with.</summary>
internal sealed record DecodeReport(PoolSummary Pool, IReadOnlyList<DecodeVariantResult> Variants)
{
    public DecodeVariantResult? Find(string name) => Variants.FirstOrDefault(v => v.Name == name);
}
