using System.Collections.Concurrent;

namespace Tally.Core.Apps;

/// <summary>
/// Remembers key lookups so the collector does not query the database per request. Both hits and
/// misses are believed only for a while: another process (<c>tally apps create</c> or <c>tally apps
/// delete</c> in a second terminal, or on another machine) may create or delete an app at any moment,
/// and the server must follow soon after. A delete in this process is followed at once
/// (<see cref="ForgetApp"/>). Every <see cref="IAppRegistry"/> keeps one per kind of key and looks keys up through <see cref="FindAsync"/>.
/// </summary>
public sealed class KeyLookupCache(TimeProvider timeProvider)
{
    // Far more apps than one installation serves; bounds memory if keys are ever rotated in bulk.
    private const int MaxKnownKeys = 100_000;

    // Bounds memory under a flood of random keys; each distinct bad key then costs one query per TTL.
    private const int MaxUnknownKeys = 10_000;

    // How long "no such key" is believed: one query per bad key per second at most, and a key
    // created by another process works within a second of its first rejected use.
    private static readonly TimeSpan UnknownKeyTimeToLive = TimeSpan.FromSeconds(1);

    // How long a hit is believed: one query per live key per 30 s is nothing, and an app deleted
    // by another process stops being accepted within 30 s.
    private static readonly TimeSpan KnownKeyTimeToLive = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<KeyHash, (AppInfo App, long Until)> _known = new();
    private readonly ConcurrentDictionary<KeyHash, long> _unknownUntil = new();

    /// <summary>
    /// The app owning <paramref name="key"/>: from memory, synchronously, when the cache knows the
    /// answer; otherwise from <paramref name="findInStore"/>, whose answer is remembered.
    /// </summary>
    /// <param name="state">Passed to <paramref name="findInStore"/>, so that a static lambda serves and a hit allocates nothing.</param>
    /// <param name="findInStore">Looks the key's hash up in the registry's database; null when no app owns it.</param>
    public ValueTask<AppInfo?> FindAsync<TState>(
        string key, TState state, Func<TState, KeyHash, CancellationToken, ValueTask<AppInfo?>> findInStore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findInStore);
        if (string.IsNullOrEmpty(key))
        {
            return ValueTask.FromResult<AppInfo?>(null);
        }

        var hash = AppKeys.Hash(key);
        if (TryGetKnown(hash, out var app))
        {
            AppRegistryMetrics.KeyLookups.Add(1, AppRegistryMetrics.CacheHit);
            return ValueTask.FromResult<AppInfo?>(app);
        }

        if (IsKnownUnknown(hash))
        {
            AppRegistryMetrics.KeyLookups.Add(1, AppRegistryMetrics.CachedMiss);
            return ValueTask.FromResult<AppInfo?>(null);
        }

        return FindInStoreAsync(this, hash, state, findInStore, cancellationToken);
    }

    private bool TryGetKnown(KeyHash hash, out AppInfo app)
    {
        if (_known.TryGetValue(hash, out var entry) && timeProvider.GetTimestamp() < entry.Until)
        {
            app = entry.App;
            return true;
        }
        app = null!;
        return false;
    }

    private bool IsKnownUnknown(KeyHash hash) =>
        _unknownUntil.TryGetValue(hash, out var until) && timeProvider.GetTimestamp() < until;

    /// <summary>Remembers a key the registry has just issued or found.</summary>
    public void AddKnown(KeyHash hash, AppInfo app)
    {
        // Clearing when full is crude but keeps the bound without an LRU on the hot path; the
        // entries come back from the database on their next use.
        if (_known.Count >= MaxKnownKeys)
        {
            _known.Clear();
        }

        _known[hash] = (app, Deadline(KnownKeyTimeToLive));
        _unknownUntil.TryRemove(hash, out _);
    }

    /// <summary>Drops every cached hit of <paramref name="appId"/>: its keys go back to the database, which no longer has them.</summary>
    public void ForgetApp(string appId)
    {
        foreach (var (hash, entry) in _known)
        {
            if (entry.App.Id == appId)
            {
                _known.TryRemove(hash, out _);
            }
        }
    }

    private void AddUnknown(KeyHash hash)
    {
        if (_unknownUntil.Count >= MaxUnknownKeys)
        {
            _unknownUntil.Clear();
        }

        _unknownUntil[hash] = Deadline(UnknownKeyTimeToLive);
    }

    private long Deadline(TimeSpan timeToLive) =>
        timeProvider.GetTimestamp() + (long)(timeToLive.TotalSeconds * timeProvider.TimestampFrequency);

    private static async ValueTask<AppInfo?> FindInStoreAsync<TState>(
        KeyLookupCache cache, KeyHash hash, TState state,
        Func<TState, KeyHash, CancellationToken, ValueTask<AppInfo?>> findInStore, CancellationToken cancellationToken)
    {
        var app = await findInStore(state, hash, cancellationToken);
        if (app is null)
        {
            cache.AddUnknown(hash);
            AppRegistryMetrics.KeyLookups.Add(1, AppRegistryMetrics.Miss);
            return null;
        }

        cache.AddKnown(hash, app);
        AppRegistryMetrics.KeyLookups.Add(1, AppRegistryMetrics.DatabaseHit);
        return app;
    }
}
