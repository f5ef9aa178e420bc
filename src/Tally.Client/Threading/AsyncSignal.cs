namespace Tally.Client.Threading;

/// <summary>
/// An auto-reset wake-up for the client's single background loop: any number of
/// <see cref="Set"/> calls before the loop waits again coalesce into one wake-up.
/// </summary>
internal sealed class AsyncSignal
{
    private readonly object _gate = new();
    private TaskCompletionSource<bool>? _waiter;
    private bool _set;

    public void Set()
    {
        TaskCompletionSource<bool>? waiter;
        lock (_gate)
        {
            waiter = _waiter;
            _waiter = null;
            _set = waiter is null;
        }
        waiter?.TrySetResult(true);
    }

    /// <summary>Completes at the next <see cref="Set"/> (at once if one came since the last wait).</summary>
    public Task WaitAsync()
    {
        lock (_gate)
        {
            if (_set)
            {
                _set = false;
                return Task.CompletedTask;
            }
            // Asynchronous continuations: Set is called from Track, which must never run the loop inline.
            _waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task;
        }
    }
}
