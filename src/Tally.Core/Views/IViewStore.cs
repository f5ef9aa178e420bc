namespace Tally.Core.Views;

/// <summary>
/// Seam 3: where both layers keep their views (SQLite embedded, PostgreSQL scaled out). Every
/// method that writes is one transaction: it happens entirely or not at all.
/// </summary>
public interface IViewStore : IBatchLeases
{
    /// <summary>
    /// Merges <see cref="SpeedCommit.Deltas"/> into the speed views and records the consumer
    /// group's offsets (and any state snapshots) in one transaction, so that a crash can never
    /// count a log record twice or lose it.
    /// </summary>
    Task CommitSpeedAsync(SpeedCommit commit, CancellationToken cancellationToken = default);

    /// <summary>What the speed layer committed last for <paramref name="consumerGroup"/>.</summary>
    Task<SpeedCheckpoint> LoadSpeedCheckpointAsync(string consumerGroup, CancellationToken cancellationToken = default);

    /// <summary>The speed cells of one metric and dimension in [<see cref="ViewQuery.From"/>, <see cref="ViewQuery.To"/>), ordered by bucket.</summary>
    Task<IReadOnlyList<ViewCell>> ReadSpeedAsync(ViewQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes speed cells of <paramref name="size"/> whose bucket starts before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteSpeedBeforeAsync(BucketSize size, DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the archive received events of each of <paramref name="days"/> (UTC): bumps
    /// the day's archive version, so the batch layer computes the day again. This is how a late
    /// event marks its day dirty.
    /// </summary>
    Task MarkArchivedAsync(IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken = default);

    /// <summary>Every day the archive holds, with the version the batch layer last computed, and the batch watermark.</summary>
    Task<BatchProgress> LoadBatchProgressAsync(CancellationToken cancellationToken = default);

    /// <summary>The first event times recorded for those of <paramref name="users"/> the batch layer has seen before.</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> ReadFirstSeenAsync(
        string appId, IReadOnlyCollection<string> users, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: replaces the batch cells <see cref="BatchCommit.Day"/> produced (of one
    /// app or every app) with <see cref="BatchCommit.Cells"/>; lowers users' first-seen times to
    /// <see cref="BatchCommit.FirstSeen"/> where earlier, marking the day a user was new on before
    /// as dirty; records the day as batched at <see cref="BatchCommit.ArchiveVersion"/> (every app
    /// only); and advances the watermark. With a <see cref="BatchCommit.Lease"/> that no longer
    /// holds the day it changes nothing and throws <see cref="BatchLeaseLostException"/>.
    /// </summary>
    Task CommitBatchAsync(BatchCommit commit, CancellationToken cancellationToken = default);

    /// <summary>The batch cells of one metric and dimension in [<see cref="ViewQuery.From"/>, <see cref="ViewQuery.To"/>), ordered by bucket.</summary>
    Task<IReadOnlyList<ViewCell>> ReadBatchAsync(ViewQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: deletes every speed cell, batch cell and first-seen row of
    /// <paramref name="appId"/> (when the app is deleted); returns how many rows went.
    /// Offsets, snapshots and archived days are shared by every app and stay.
    /// </summary>
    Task<int> DeleteAppAsync(string appId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes <paramref name="user"/>'s first-seen row of <paramref name="appId"/> (a privacy
    /// request); returns whether there was one. Cells hold no user ids: the batch layer recomputes
    /// the affected days from the rewritten archive.
    /// </summary>
    Task<bool> ForgetUserAsync(string appId, string user, CancellationToken cancellationToken = default);
}

/// <summary>One speed-layer commit.</summary>
/// <param name="Deltas">Cells to merge into the stored ones (added, unioned or min/maxed by the metric's aggregation kind).</param>
/// <param name="Offsets">For each partition processed, the log offset after the last record these deltas include.</param>
/// <param name="Snapshots">Per-partition state snapshots taken at their own offsets; empty most of the time.</param>
public sealed record SpeedCommit(
    string ConsumerGroup,
    IReadOnlyList<ViewCell> Deltas,
    IReadOnlyDictionary<int, long> Offsets,
    IReadOnlyDictionary<int, StateSnapshot> Snapshots);

/// <summary>The speed layer's state of one partition (duplicate and seen-user filters, open sessions) as of <paramref name="Offset"/>.</summary>
public sealed record StateSnapshot(long Offset, ReadOnlyMemory<byte> State);

/// <summary>The speed layer's committed position: views include every record before <see cref="Offsets"/>.</summary>
public sealed record SpeedCheckpoint(
    IReadOnlyDictionary<int, long> Offsets,
    IReadOnlyDictionary<int, StateSnapshot> Snapshots);

/// <param name="Key">The metric key (event name), or null for every key.</param>
/// <param name="WithSketches">
/// False: the cells come without their sketches (<see cref="ViewCell.Sketch"/> empty), for a reader that
/// uses each cell's value on its own and never unions it, so the store need not read the blobs.
/// </param>
public sealed record ViewQuery(
    string AppId,
    string Metric,
    string? Key,
    string Dimension,
    BucketSize Size,
    DateTimeOffset From,
    DateTimeOffset To,
    bool WithSketches = true);
