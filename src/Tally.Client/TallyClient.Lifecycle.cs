namespace Tally.Client;

public sealed partial class TallyClient
{
    private volatile bool _foreground;

    /// <summary>
    /// The app came to the foreground: starts a new session if it was in the background longer
    /// than <see cref="TallyClientOptions.SessionTimeout"/>, and restarts the flush timer.
    /// </summary>
    public void OnForeground()
    {
        ThrowIfDisposed();
        _sessions.Foreground(_time.GetUtcNow());
        _foreground = true;
        _flushTimer.Change(_options.FlushInterval, _options.FlushInterval);
        Interlocked.Increment(ref _stateVersion);
        _wake.Set();
    }

    /// <summary>The app went to the background: stops the flush timer and persists and uploads what is queued.</summary>
    public void OnBackground()
    {
        ThrowIfDisposed();
        _sessions.Background(_time.GetUtcNow());
        _foreground = false;
        _flushTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Interlocked.Increment(ref _stateVersion);
        RequestUpload();
    }

    /// <summary>
    /// Persists everything queued so far and makes one upload pass. Completes when that pass
    /// ends: the queue is empty, or an upload failed and a retry is scheduled (a back-off in force,
    /// e.g. from <c>Retry-After</c>, is not cut short). Check <see cref="Stats"/> for the outcome.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            ThrowIfDisposed();
            _flushWaiters.Add(done);
        }
        _wake.Set();
        using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetCanceled(), done))
        {
            await done.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Cancels an upload in flight, persists what is queued, releases the storage directory and
    /// waits for the background loop to end. Does not upload: the next client on the same storage does.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (BeginDispose())
        {
            CloseStorage();
            await _loop.ConfigureAwait(false);
            _stopping.Dispose();
        }
    }

    /// <summary>
    /// Like <see cref="DisposeAsync"/>, but does not wait for the background loop (no blocking on
    /// async work): the storage is closed when this returns, and the loop ends on its own once the
    /// cancelled upload returns.
    /// </summary>
    public void Dispose()
    {
        if (BeginDispose())
        {
            // The cancellation source is left to the collector: the loop may still be observing it,
            // and a source without timers holds no unmanaged resources.
            CloseStorage();
        }
    }

    private bool BeginDispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }
            _disposed = true;
        }
        if (_options.CaptureUnhandledExceptions)
        {
            AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
        }
        _flushTimer.Dispose();
        _stopping.Cancel();
        _wake.Set();
        return true;
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(TallyClient));
        }
    }
}
