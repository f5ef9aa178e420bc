using System.Collections.Concurrent;
using Tally.Core.Apps;

namespace Tally.Store.Sqlite;

/// <summary>
/// Remembers key lookups so the collector does not query SQLite per request. Both hits and misses
/// are believed only for a while: another process sharing the file (<c>tally apps create</c> or
/// <c>tally apps delete</c> in a second terminal) may create or delete an app at any moment, and
/// the server must follow soon after. A delete in this process is followed at once (<see cref="ForgetApp"/>).
/// </summary>
internal sealed class KeyLookupCache(TimeProvider timeProvider)
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

    public bool TryGetKnown(KeyHash hash, out AppInfo app)
    {
        if (_known.TryGetValue(hash, out var entry) && timeProvider.GetTimestamp() < entry.Until)
        {
            app = entry.App;
            return true;
        }
        app = null!;
        return false;
    }

    public bool IsKnownUnknown(KeyHash hash) =>
        _unknownUntil.TryGetValue(hash, out var until) && timeProvider.GetTimestamp() < until;

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

    public void AddUnknown(KeyHash hash)
    {
        if (_unknownUntil.Count >= MaxUnknownKeys)
        {
            _unknownUntil.Clear();
        }

        _unknownUntil[hash] = Deadline(UnknownKeyTimeToLive);
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

    private long Deadline(TimeSpan timeToLive) =>
        timeProvider.GetTimestamp() + (long)(timeToLive.TotalSeconds * timeProvider.TimestampFrequency);
}
