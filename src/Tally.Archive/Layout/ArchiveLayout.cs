using System.Globalization;
using System.Runtime.CompilerServices;
using Tally.Core.Archive;

namespace Tally.Archive.Layout;

/// <summary>
/// Where the archive keeps what in the object store: event files partitioned
/// Hive-style by UTC day and hour (<c>events/day=…/hour=…/</c>, which DuckDB, Spark and Athena
/// read as columns), and one pending-flush manifest per log partition.
/// </summary>
public static class ArchiveLayout
{
    public const string EventsPrefix = "events/";

    public const string PendingPrefix = "archive-pending/";

    /// <summary><c>events/day=YYYY-MM-DD/</c>.</summary>
    public static string DayPrefix(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{EventsPrefix}day={day:yyyy-MM-dd}/");

    /// <summary><c>archive-pending/p{partition:D3}.json</c>: the flush of the partition that may be half done.</summary>
    public static string PendingManifestKey(int partition) =>
        string.Create(CultureInfo.InvariantCulture, $"{PendingPrefix}p{partition:D3}.json");

    /// <summary>The UTC day and hour an event time falls in.</summary>
    public static (DateOnly Day, int Hour) HourOf(DateTimeOffset eventTime)
    {
        var utc = eventTime.UtcDateTime;
        return (DateOnly.FromDateTime(utc), utc.Hour);
    }

    /// <summary>Every archive file of <paramref name="day"/>, ordered by key (hour, then partition, then offset). Other objects are skipped.</summary>
    public static async IAsyncEnumerable<ArchiveFileKey> ListDayAsync(
        IObjectStore store, DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await foreach (var info in store.ListAsync(DayPrefix(day), cancellationToken))
        {
            if (ArchiveFileKey.TryParse(info.Key, out var file))
            {
                yield return file;
            }
        }
    }
}
