using Tally.Core.DeadLetters;

namespace Tally.Collector.Tests.Doubles;

/// <summary>A dead-letter store whose disk has failed: every write throws an <see cref="IOException"/>.</summary>
public sealed class UnavailableDeadLetterStore : IDeadLetterStore
{
    public ValueTask AddAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken = default) =>
        ValueTask.FromException(new IOException("The dead-letter store's disk is gone."));

    public ValueTask<IReadOnlyList<DeadLetter>> ListAsync(string appId, int limit, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<DeadLetter>>([]);

    public ValueTask<int> DeleteAppAsync(string appId, CancellationToken cancellationToken = default) =>
        ValueTask.FromException<int>(new IOException("The dead-letter store's disk is gone."));
}
