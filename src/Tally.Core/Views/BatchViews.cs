namespace Tally.Core.Views;

/// <summary>
/// The batch layer's results for one UTC day, computed exactly from the archive.
/// </summary>
/// <param name="Day">The day computed. Its cells replace every batch cell an earlier run of this day produced.</param>
/// <param name="AppId">The one app recomputed (backfill), or null for every app.</param>
/// <param name="Cells">
/// The day's cells: hour and day buckets of the day, plus cells the day contributes to earlier
/// buckets (retention of earlier cohorts).
/// </param>
/// <param name="FirstSeen">Users whose first event ever may be on this day, with their earliest event time in it.</param>
/// <param name="ArchiveVersion">The day's archive version the computation read (see <see cref="ArchiveDay"/>).</param>
/// <param name="Watermark">
/// When set, the watermark moves forward to it (never back), but not past a day that was archived
/// and never batched: several workers commit days in any order, and only the store sees them all.
/// </param>
/// <param name="Lease">
/// The lease the day was computed under: the commit lands only if it still holds the day, and
/// ends it. Without one (a backfill) the commit takes the day over from any holder.
/// </param>
public sealed record BatchCommit(
    DateOnly Day,
    string? AppId,
    IReadOnlyList<ViewCell> Cells,
    IReadOnlyList<FirstSeen> FirstSeen,
    long ArchiveVersion,
    DateOnly? Watermark = null,
    BatchLease? Lease = null);

/// <summary>A user's earliest known event time.</summary>
public readonly record struct FirstSeen(string AppId, string User, DateTimeOffset Time);

/// <summary>
/// One archived day. The archiver bumps <see cref="ArchiveVersion"/> whenever it writes events of
/// the day; the batch layer records the version it computed.
/// </summary>
public readonly record struct ArchiveDay(DateOnly Day, long ArchiveVersion, long BatchedVersion)
{
    /// <summary>Never batched, or changed (late events, new users moved away) since it was.</summary>
    public bool NeedsBatch => ArchiveVersion > BatchedVersion;
}

/// <param name="Days">Every archived day, oldest first.</param>
/// <param name="Watermark">
/// The first day whose batch views are not complete: every day before it has been batched, so the
/// query layer serves it from batch. Null before the first batch.
/// </param>
public sealed record BatchProgress(IReadOnlyList<ArchiveDay> Days, DateOnly? Watermark);
