namespace Tally.Core.DeadLetters;

/// <summary>Durable store of rejected events.</summary>
public interface IDeadLetterStore
{
    /// <summary>Stores <paramref name="letters"/> durably before returning.</summary>
    ValueTask AddAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken = default);

    /// <summary>The newest dead letters of an app, newest first.</summary>
    ValueTask<IReadOnlyList<DeadLetter>> ListAsync(string appId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes every dead letter of <paramref name="appId"/> (when the app is deleted); returns how many.</summary>
    ValueTask<int> DeleteAppAsync(string appId, CancellationToken cancellationToken = default);
}
