using Tally.Log;

namespace Tally.Collector.Tests.Doubles;

/// <summary>
/// Decorates any <see cref="IEventLog"/> so a test can make appends fail or hold them open
/// (to prove the collector answers only after the append completed).
/// </summary>
public sealed class FaultInjectingEventLog(IEventLog inner) : IEventLog
{
    private volatile Exception? _failure;
    private volatile TaskCompletionSource? _gate;
    private readonly TaskCompletionSource _appendStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int PartitionCount => inner.PartitionCount;

    /// <summary>Completes when the first append has started (and is waiting at the gate, if held).</summary>
    public Task AppendStarted => _appendStarted.Task;

    /// <summary>Every later append throws <paramref name="failure"/> without reaching the inner log.</summary>
    public void FailAppendsWith(Exception failure) => _failure = failure;

    /// <summary>Later appends wait until the returned source is completed.</summary>
    public TaskCompletionSource HoldAppends()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate = gate;
        return gate;
    }

    public async ValueTask<LogPosition> AppendAsync(int partition, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        _appendStarted.TrySetResult();
        if (_gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        if (_failure is { } failure)
        {
            throw failure;
        }
        return await inner.AppendAsync(partition, record, cancellationToken);
    }

    public ILogConsumer Subscribe(string group) => inner.Subscribe(group);

    public ValueTask<PartitionBounds> GetBoundsAsync(int partition, CancellationToken cancellationToken = default) =>
        inner.GetBoundsAsync(partition, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
