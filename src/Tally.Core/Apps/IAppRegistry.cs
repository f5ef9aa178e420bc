namespace Tally.Core.Apps;

/// <summary>Apps and their keys. Lookups take the clear key and compare hashes.</summary>
public interface IAppRegistry
{
    ValueTask<CreatedApp> CreateAsync(string name, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<AppInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The app owning <paramref name="writeKey"/>, or null. On the collector's hot path: must be cheap.</summary>
    ValueTask<AppInfo?> FindByWriteKeyAsync(string writeKey, CancellationToken cancellationToken = default);

    /// <summary>The app owning <paramref name="readKey"/>, or null.</summary>
    ValueTask<AppInfo?> FindByReadKeyAsync(string readKey, CancellationToken cancellationToken = default);

    /// <summary>Removes the app and its keys: both stop working at once. Returns false when no app has <paramref name="appId"/>.</summary>
    ValueTask<bool> DeleteAsync(string appId, CancellationToken cancellationToken = default);
}
