using Tally.Core.DeadLetters;

namespace Tally.Collector.Tests.Doubles;

/// <summary>Stand-in for the SQLite dead-letter store until it is merged.</summary>
public sealed class InMemoryDeadLetterStore : IDeadLetterStore
{
    private readonly List<DeadLetter> _letters = [];
    private readonly Lock _lock = new();

    public ValueTask AddAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _letters.AddRange(letters);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<DeadLetter>> ListAsync(string appId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DeadLetter> newestFirst = _letters.Where(l => l.AppId == appId).Reverse().Take(limit).ToArray();
            return ValueTask.FromResult(newestFirst);
        }
    }
}
