namespace Tally.Core.Views;

/// <summary>
/// Batch jobs, one per archived day that needs a batch, for several batch workers sharing one
/// view store. A worker claims a day for a while (a lease), renews the lease while it computes,
/// and commits with it (<see cref="BatchCommit.Lease"/>): the commit lands only if the lease is
/// still the day's latest, so a worker that stalled past its lease and was taken over cannot
/// overwrite the newer result. Leases run on the store's clock, so workers' clocks may differ.
/// </summary>
public interface IBatchLeases
{
    /// <summary>
    /// Claims <paramref name="day"/> for <paramref name="workerId"/> for <paramref name="duration"/>,
    /// if it needs a batch (archived since last batched) and no live lease holds it. Never waits for
    /// another claimer.
    /// </summary>
    /// <returns>The lease, with the archive version to compute; null when the day is held or has nothing to do.</returns>
    Task<BatchLease?> TryClaimDayAsync(DateOnly day, string workerId, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Extends a held lease to <paramref name="duration"/> from now, even one that expired unclaimed.</summary>
    /// <returns>The renewed lease; null when it was taken over, committed or released.</returns>
    Task<BatchLease?> RenewAsync(BatchLease lease, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives the day up without a result, so another worker may claim it at once. Does nothing to a lease lost already.</summary>
    Task ReleaseAsync(BatchLease lease, CancellationToken cancellationToken = default);
}
