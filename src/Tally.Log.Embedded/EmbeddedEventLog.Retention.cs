namespace Tally.Log.Embedded;

// Retention: whole closed segments are deleted by age and by size, oldest first.
public sealed partial class EmbeddedEventLog
{
    /// <summary>
    /// Applies <see cref="EmbeddedLogOptions.RetentionAge"/> and
    /// <see cref="EmbeddedLogOptions.RetentionBytesPerPartition"/> now (it also runs every
    /// <see cref="EmbeddedLogOptions.RetentionCheckInterval"/>). Returns the number of segments deleted.
    /// </summary>
    public int EnforceRetention()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return ApplyRetention();
    }

    private int ApplyRetention()
    {
        var oldestKeptMs = (_options.TimeProvider.GetUtcNow() - _options.RetentionAge).ToUnixTimeMilliseconds();
        return _partitions.Sum(p => p.EnforceRetention(oldestKeptMs, _options.RetentionBytesPerPartition));
    }

    private async Task RunRetentionAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.RetentionCheckInterval, _options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    ApplyRetention();
                }
                catch (IOException ex)
                {
                    EmbeddedLogEvents.RetentionFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposal stops the loop.
        }
    }
}
