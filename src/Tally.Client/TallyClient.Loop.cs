using Tally.Client.Diagnostics;

namespace Tally.Client;

public sealed partial class TallyClient
{
    private bool _storageClosed;

    /// <summary>Serialises disk writes; exposed so a test can stall the disk and prove calls do not wait for it.</summary>
    internal object DiskGate => _diskGate;
    private int _savedStateVersion;

    /// <summary>
    /// The background loop: wait for a wake-up (a call, the flush timer, a flush request, the end
    /// of a back-off), persist what is queued, upload if due, then write the cursor and state.
    /// </summary>
    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await WaitForWorkAsync(stopping).ConfigureAwait(false);
                List<TaskCompletionSource<bool>> waiters;
                lock (_gate)
                {
                    waiters = _flushWaiters;
                    _flushWaiters = [];
                }
                PersistPending();
                if (ShouldUpload(flushRequested: waiters.Count > 0))
                {
                    await UploadAsync(stopping).ConfigureAwait(false);
                }
                SaveProgress();
                foreach (var waiter in waiters)
                {
                    waiter.TrySetResult(true);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposal cancelled an upload; the batch stays queued on disk for the next client.
        }
        finally
        {
            CloseStorage();
            FailPendingFlushes();
            if (_ownsHttp)
            {
                _http.Dispose();
            }
        }
    }

    /// <summary>Waits for a wake-up, or, during a back-off, for whichever comes first: a wake-up or the retry time.</summary>
    private async Task WaitForWorkAsync(CancellationToken stopping)
    {
        var untilRetry = _retryAt - _time.GetUtcNow();
        if (_failures > 0 && untilRetry <= TimeSpan.Zero)
        {
            // The retry is already due (full jitter can draw a delay of almost nothing): waiting for
            // a wake-up here could wait until the next event, or forever.
            return;
        }
        var wake = _wake.WaitAsync();
        if (_failures == 0)
        {
            await wake.ConfigureAwait(false);
            return;
        }
        using var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var delay = Delay(untilRetry, delayCancellation.Token);
        await Task.WhenAny(wake, delay).ConfigureAwait(false);
        // Stops the back-off timer when a wake-up won; its task ends cancelled, which is not an error.
        delayCancellation.Cancel();
    }

    private Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
#if NET8_0_OR_GREATER
        Task.Delay(delay, _time, cancellationToken);
#else
        _time.Delay(delay, cancellationToken);
#endif

    private void RequestUpload()
    {
        lock (_gate)
        {
            _flushRequested = true;
        }
        _wake.Set();
    }

    private bool ShouldUpload(bool flushRequested)
    {
        bool requested;
        lock (_gate)
        {
            requested = _flushRequested || flushRequested;
            _flushRequested = false;
        }
        if (_failures > 0)
        {
            // In a back-off only its end triggers an upload; requests made meanwhile are served then.
            bool due = _time.GetUtcNow() >= _retryAt;
            if (!due && requested)
            {
                lock (_gate)
                {
                    _flushRequested = true;
                }
            }
            return due;
        }
        return requested || _queue.Count >= _options.FlushAt;
    }

    /// <summary>Appends every queued event not yet on disk. Synchronous, so the crash hook can call it too.</summary>
    private void PersistPending()
    {
        lock (_diskGate)
        {
            if (_storageClosed)
            {
                return;
            }
            var pending = _queue.Unpersisted();
            if (pending.Count == 0)
            {
                return;
            }
            try
            {
                _disk.Append(pending);
                _queue.MarkPersisted(pending[^1].Sequence);
            }
            catch (IOException e)
            {
                _logger.StorageFailed(e, _directory);
            }
            catch (UnauthorizedAccessException e)
            {
                _logger.StorageFailed(e, _directory);
            }
        }
    }

    /// <summary>Moves the disk cursor past delivered and dropped events and saves the install state if it changed.</summary>
    private void SaveProgress()
    {
        lock (_diskGate)
        {
            if (_storageClosed)
            {
                return;
            }
            try
            {
                _disk.Commit(_queue.FirstSequence);
                int version = Volatile.Read(ref _stateVersion);
                if (version != _savedStateVersion)
                {
                    var (sessionId, lastActivity) = _sessions.Snapshot();
                    new Sessions.InstallState(_anonymousId, _userId, sessionId, lastActivity).Save(_directory, _options.FlushToDisk);
                    _savedStateVersion = version;
                }
            }
            catch (IOException e)
            {
                _logger.StorageFailed(e, _directory);
            }
            catch (UnauthorizedAccessException e)
            {
                _logger.StorageFailed(e, _directory);
            }
        }
    }

    /// <summary>Persists the queue, cursor and state one last time and releases the directory. Idempotent.</summary>
    private void CloseStorage()
    {
        PersistPending();
        SaveProgress();
        lock (_diskGate)
        {
            if (!_storageClosed)
            {
                _storageClosed = true;
                _disk.Dispose();
            }
        }
    }

    private void FailPendingFlushes()
    {
        List<TaskCompletionSource<bool>> waiters;
        lock (_gate)
        {
            waiters = _flushWaiters;
            _flushWaiters = [];
        }
        foreach (var waiter in waiters)
        {
            waiter.TrySetException(new ObjectDisposedException(nameof(TallyClient)));
        }
    }
}
