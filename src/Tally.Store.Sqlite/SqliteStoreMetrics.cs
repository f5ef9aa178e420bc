using System.Diagnostics.Metrics;

namespace Tally.Store.Sqlite;

/// <summary>Instruments of the SQLite stores, on meter <c>Tally.Store.Sqlite</c>.</summary>
internal static class SqliteStoreMetrics
{
    public const string MeterName = "Tally.Store.Sqlite";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> KeyLookups = Meter.CreateCounter<long>(
        "tally.app_registry.key_lookups",
        unit: "{lookup}",
        description: "App key lookups, by where the answer came from (result = cache_hit, cached_miss, database_hit, miss).");

    public static readonly Counter<long> DeadLettersStored = Meter.CreateCounter<long>(
        "tally.dead_letters.stored",
        unit: "{event}",
        description: "Rejected events stored in the dead-letter store.");

    public static readonly KeyValuePair<string, object?> CacheHit = new("result", "cache_hit");
    public static readonly KeyValuePair<string, object?> CachedMiss = new("result", "cached_miss");
    public static readonly KeyValuePair<string, object?> DatabaseHit = new("result", "database_hit");
    public static readonly KeyValuePair<string, object?> Miss = new("result", "miss");
}
