using System.Diagnostics.Metrics;

namespace Tally.Core.Apps;

/// <summary>Instruments shared by every <see cref="IAppRegistry"/>, on meter <c>Tally.Apps</c>.</summary>
internal static class AppRegistryMetrics
{
    public const string MeterName = "Tally.Apps";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> KeyLookups = Meter.CreateCounter<long>(
        "tally.app_registry.key_lookups",
        unit: "{lookup}",
        description: "App key lookups, by where the answer came from (result = cache_hit, cached_miss, database_hit, miss).");

    public static readonly KeyValuePair<string, object?> CacheHit = new("result", "cache_hit");
    public static readonly KeyValuePair<string, object?> CachedMiss = new("result", "cached_miss");
    public static readonly KeyValuePair<string, object?> DatabaseHit = new("result", "database_hit");
    public static readonly KeyValuePair<string, object?> Miss = new("result", "miss");
}
