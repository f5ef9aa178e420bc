namespace Tally.Log.Kafka;

/// <summary>
/// Counts appends in flight so that disposing the log waits for every append that started
/// before it (each completes once Kafka acknowledged or refused it) and refuses later ones.
/// </summary>
internal sealed class AppendGate
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private bool _closed;

    /// <summary>False once <see cref="CloseAsync"/> was called.</summary>
    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }
            _inFlight++;
            return true;
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            _inFlight--;
            if (_closed && _inFlight == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>Refuses new appends and completes when the last one in flight has finished.</summary>
    public Task CloseAsync()
    {
        lock (_lock)
        {
            _closed = true;
            if (_inFlight == 0)
            {
                _drained.TrySetResult();
            }
        }
        return _drained.Task;
    }
}
