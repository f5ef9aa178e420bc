using Tally.Core.Views;

namespace Tally.Speed.Tests;

/// <summary>A view store whose commits sometimes fail: before anything is written, or after the transaction committed.</summary>
internal sealed class FlakyViewStore(IViewStore inner, Random? chaos) : IViewStore
{
    public int Failures { get; private set; }

    public async Task CommitSpeedAsync(SpeedCommit commit, CancellationToken cancellationToken = default)
    {
        int roll = chaos?.Next(8) ?? -1;
        if (roll == 0)
        {
            Failures++;
            throw new InjectedFailureException("commit refused before writing");
        }
        await inner.CommitSpeedAsync(commit, cancellationToken);
        if (roll == 1)
        {
            Failures++;
            throw new InjectedFailureException("connection lost after the commit landed");
        }
    }

    public Task<SpeedCheckpoint> LoadSpeedCheckpointAsync(string consumerGroup, CancellationToken cancellationToken = default) =>
        inner.LoadSpeedCheckpointAsync(consumerGroup, cancellationToken);

    public Task<IReadOnlyList<ViewCell>> ReadSpeedAsync(ViewQuery query, CancellationToken cancellationToken = default) =>
        inner.ReadSpeedAsync(query, cancellationToken);

    public Task<int> DeleteSpeedBeforeAsync(BucketSize size, DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        inner.DeleteSpeedBeforeAsync(size, cutoff, cancellationToken);

    public Task MarkArchivedAsync(IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken = default) =>
        inner.MarkArchivedAsync(days, cancellationToken);

    public Task<BatchProgress> LoadBatchProgressAsync(CancellationToken cancellationToken = default) =>
        inner.LoadBatchProgressAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, DateTimeOffset>> ReadFirstSeenAsync(
        string appId, IReadOnlyCollection<string> users, CancellationToken cancellationToken = default) =>
        inner.ReadFirstSeenAsync(appId, users, cancellationToken);

    public Task CommitBatchAsync(BatchCommit commit, CancellationToken cancellationToken = default) =>
        inner.CommitBatchAsync(commit, cancellationToken);

    public Task<IReadOnlyList<ViewCell>> ReadBatchAsync(ViewQuery query, CancellationToken cancellationToken = default) =>
        inner.ReadBatchAsync(query, cancellationToken);

    public Task<BatchLease?> TryClaimDayAsync(DateOnly day, string workerId, TimeSpan duration, CancellationToken cancellationToken = default) =>
        inner.TryClaimDayAsync(day, workerId, duration, cancellationToken);

    public Task<BatchLease?> RenewAsync(BatchLease lease, TimeSpan duration, CancellationToken cancellationToken = default) =>
        inner.RenewAsync(lease, duration, cancellationToken);

    public Task ReleaseAsync(BatchLease lease, CancellationToken cancellationToken = default) =>
        inner.ReleaseAsync(lease, cancellationToken);

    public Task<int> DeleteAppAsync(string appId, CancellationToken cancellationToken = default) =>
        inner.DeleteAppAsync(appId, cancellationToken);

    public Task<bool> ForgetUserAsync(string appId, string user, CancellationToken cancellationToken = default) =>
        inner.ForgetUserAsync(appId, user, cancellationToken);
}

internal sealed class InjectedFailureException(string message) : Exception(message);
