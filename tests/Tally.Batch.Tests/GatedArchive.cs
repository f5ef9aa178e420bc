using System.Runtime.CompilerServices;
using Tally.Archive.Parquet;

namespace Tally.Batch.Tests;

/// <summary>An archive whose first read of <paramref name="gatedDay"/> waits until the test opens the gate: a worker stalled mid-computation.</summary>
internal sealed class GatedArchive(IArchiveDaySource inner, DateOnly gatedDay) : IArchiveDaySource
{
    private int _gatedReads;

    /// <summary>Completes when a reader reaches the gate.</summary>
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async IAsyncEnumerable<ArchivedColumns> ReadDayAsync(DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (day == gatedDay && Interlocked.Increment(ref _gatedReads) == 1)
        {
            Reached.SetResult();
            await Gate.Task.WaitAsync(cancellationToken);
        }
        await foreach (var columns in inner.ReadDayAsync(day, cancellationToken))
        {
            yield return columns;
        }
    }
}
