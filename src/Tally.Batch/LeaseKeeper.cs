using Microsoft.Extensions.Logging;
using Tally.Batch.Diagnostics;
using Tally.Core.Views;

namespace Tally.Batch;

/// <summary>
/// Keeps a batch lease alive while its day is computed: renews it every third of its duration, so
/// that two renewals in a row may fail (a slow or briefly unreachable store) before it lapses. When
/// a renewal finds the lease taken over it cancels <see cref="Token"/>: computing on could only
/// produce a commit the store refuses.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly Task _renewing;
    private volatile bool _lost;

    private LeaseKeeper(IBatchLeases leases, BatchLease lease, TimeSpan duration, TimeProvider timeProvider, ILogger logger,
        CancellationToken cancellationToken)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _renewing = RenewUntilStoppedAsync(leases, lease, duration, timeProvider, logger);
    }

    /// <summary>Cancelled when the lease is lost or the caller's token is.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Whether a renewal found the lease taken over, committed or released.</summary>
    public bool IsLost => _lost;

    public static LeaseKeeper Start(IBatchLeases leases, BatchLease lease, TimeSpan duration, TimeProvider timeProvider, ILogger logger,
        CancellationToken cancellationToken) =>
        new(leases, lease, duration, timeProvider, logger, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _cancellation.CancelAsync();
        await _renewing;
        _cancellation.Dispose();
    }

    private async Task RenewUntilStoppedAsync(IBatchLeases leases, BatchLease lease, TimeSpan duration, TimeProvider timeProvider, ILogger logger)
    {
        var stopping = _cancellation.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(duration / 3, timeProvider, stopping);
                if (await leases.RenewAsync(lease, duration, stopping) is null)
                {
                    _lost = true;
                    await _cancellation.CancelAsync();
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            // Deliberately broad: each store fails with its own exception types. A failed renewal is
            // retried at the next interval; should the lease lapse and be taken over meanwhile, the
            // commit is refused, so nothing is lost by computing on.
            catch (Exception e)
            {
                logger.LeaseRenewalFailed(e, lease.Day, duration / 3);
            }
        }
    }
}
