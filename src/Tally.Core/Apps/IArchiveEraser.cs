namespace Tally.Core.Apps;

/// <summary>
/// Removes rows from the archive for app deletion and privacy requests, by rewriting each
/// affected file without them (atomically: a reader sees the old file or the new one).
/// </summary>
public interface IArchiveEraser
{
    /// <summary>Removes every archived event of <paramref name="appId"/>.</summary>
    Task<ArchiveErasure> EraseAppAsync(string appId, CancellationToken cancellationToken = default);

    /// <summary>Removes the archived events of one user (<c>anonymousId</c> or <c>userId</c>) of <paramref name="appId"/>.</summary>
    Task<ArchiveErasure> EraseUserAsync(string appId, string user, CancellationToken cancellationToken = default);
}

/// <param name="Days">The days whose files lost rows: their batch views must be recomputed.</param>
public sealed record ArchiveErasure(int FilesRewritten, long EventsRemoved, IReadOnlyList<DateOnly> Days)
{
    public static ArchiveErasure None { get; } = new(0, 0, []);
}
