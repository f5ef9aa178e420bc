namespace Tally.Log.Embedded;

/// <summary>
/// Wakes waiting fetches when records become committed (or the log closes). A waiter takes
/// <see cref="Next"/> before it looks for records, so a commit in between is never missed.
/// </summary>
internal sealed class CommitSignal
{
    private TaskCompletionSource _next = NewSource();

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
