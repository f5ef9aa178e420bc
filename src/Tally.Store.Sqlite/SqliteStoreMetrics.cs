using System.Diagnostics.Metrics;

namespace Tally.Store.Sqlite;

/// <summary>Instruments of the SQLite stores, on meter <c>Tally.Store.Sqlite</c>.</summary>
internal static class SqliteStoreMetrics
{
    public const string MeterName = "Tally.Store.Sqlite";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> DeadLettersStored = Meter.CreateCounter<long>(
        "tally.dead_letters.stored",
        unit: "{event}",
        description: "Rejected events stored in the dead-letter store.");
}
