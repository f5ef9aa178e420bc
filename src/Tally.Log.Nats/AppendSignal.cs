namespace Tally.Log.Nats;

/// <summary>
/// Wakes waiting fetches: completed and replaced whenever a record was stored (or membership
/// changed, or the log closed). Take <see cref="Next"/> before reading, so nothing is missed.
/// </summary>
internal sealed class AppendSignal
{
    private TaskCompletionSource _next = NewSource();

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
