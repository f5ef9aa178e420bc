namespace Tally.Client.Sessions;

/// <summary>
/// Owns <c>context.sessionId</c>: a new session starts with the first event of an install, and
/// whenever the app returns to the foreground after more than the session timeout in the
/// background, or is relaunched more than the timeout after its last activity. A session in the
/// foreground does not time out. Thread-safe; no I/O (the client persists <see cref="Snapshot"/>).
/// </summary>
/// <param name="timeout">How long in the background (or between launches) ends a session.</param>
/// <param name="sessionId">The session persisted by the previous launch, if any.</param>
/// <param name="lastActivity">Its last activity; a relaunch after more than the timeout starts a new session.</param>
/// <param name="now">The launch time.</param>
internal sealed class SessionTracker(TimeSpan timeout, string? sessionId, DateTimeOffset? lastActivity, DateTimeOffset now)
{
    private readonly object _gate = new();
    private string? _sessionId = lastActivity is { } last && now - last <= timeout ? sessionId : null;
    private DateTimeOffset? _lastActivity = lastActivity;
    private DateTimeOffset? _backgroundSince;

    /// <summary>The session an event at <paramref name="now"/> belongs to; starts one if none is current or the last one lapsed.</summary>
    public string Touch(DateTimeOffset now)
    {
        lock (_gate)
        {
            _sessionId ??= Guid.NewGuid().ToString("D");
            _lastActivity = now;
            return _sessionId;
        }
    }

    /// <summary>The app went to the background at <paramref name="now"/>.</summary>
    public void Background(DateTimeOffset now)
    {
        lock (_gate)
        {
            _backgroundSince = now;
            _lastActivity = now;
        }
    }

    /// <summary>The app came back at <paramref name="now"/>; a new session starts if it stayed away longer than the timeout.</summary>
    public void Foreground(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_backgroundSince is { } since && now - since > timeout)
            {
                _sessionId = Guid.NewGuid().ToString("D");
            }
            _backgroundSince = null;
            _lastActivity = now;
        }
    }

    public (string? SessionId, DateTimeOffset? LastActivity) Snapshot()
    {
        lock (_gate)
        {
            return (_sessionId, _lastActivity);
        }
    }
}
