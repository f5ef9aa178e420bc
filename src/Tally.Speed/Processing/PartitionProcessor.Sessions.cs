using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Sessions;
using Tally.Speed.Aggregation;

namespace Tally.Speed.Processing;

// Sessionization with bounded state: sessions are counted when they start and measured when they
// close, both at the start's hour, so `sessions` and `session_length_median` describe the same sessions
// (the median's count trails the session count by the sessions still open).
public sealed partial class PartitionProcessor
{
    // Whether the first event kept for a session needs its properties; traits no metric reads.
    private static readonly bool SessionsNeedProperties =
        Metrics.Stored.Any(m => m.Source == FactSource.Session && m.BreaksDownByProperties);

    private readonly Dictionary<string, OpenSession> _openSessions = new(StringComparer.Ordinal);
    private readonly SessionExpiryQueue _byExpiry = new();

    // The current event's session key as characters: looked up without a string, allocated only when a session starts.
    private char[] _sessionKey = new char[128];

    public int OpenSessionCount => _openSessions.Count;

    private void TrackSession(TallyEvent e)
    {
        bool isSdk = SessionRule.HasSdkSession(e);
        var key = SessionKeyOf(e, isSdk);
        if (_openSessions.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var session))
        {
            if (isSdk || Continues(session, e.EventTime))
            {
                Extend(session, e.EventTime);
                return;
            }
            if (e.EventTime > session.Max)
            {
                Close(session);
            }
            else
            {
                // Out of order by more than a gap: an earlier session of its own, over as soon as it starts.
                var earlier = new OpenSession(session.Key, isSdkSession: false, Slim(e));
                Start(earlier);
                Measure(earlier);
                return;
            }
        }
        else if (isSdk && WasClosed(key, e))
        {
            // A late event of an SDK session already measured: counting it again would double the session.
            return;
        }
        // After a gap the next session takes over the closed one's key string.
        var started = new OpenSession(session?.Key ?? key.ToString(), isSdk, Slim(e)) { Activity = Later(e.EventTime, Watermark!.Value) };
        Start(started);
        _openSessions.Add(started.Key, started);
        _byExpiry.Add(started);
        if (_openSessions.Count > _options.MaxOpenSessionsPerPartition)
        {
            Counters.SessionsEvicted++;
            Close(_byExpiry.Min!);
        }
    }

    private static bool Continues(OpenSession session, DateTimeOffset time) =>
        SessionRule.Continues(session.Max, time) && SessionRule.Continues(time, session.Min);

    private void Extend(OpenSession session, DateTimeOffset time)
    {
        if (time < session.Min)
        {
            session.Min = time;
        }
        if (time > session.Max)
        {
            session.Max = time;
        }
        var activity = Later(session.Max, Watermark!.Value);
        if (activity != session.Activity)
        {
            session.Activity = activity;
            _byExpiry.Moved(session);
        }
    }

    private void Start(OpenSession session)
    {
        Counters.SessionsStarted++;
        Emit(Fact.ForSession(session.First, TimeSpan.Zero), FactPhase.Start, []);
    }

    private void CloseExpiredSessions()
    {
        if (Watermark is not { } watermark)
        {
            return;
        }
        // A session closes once the watermark is a gap plus the close delay past its activity.
        var closeBefore = watermark - _options.SessionCloseDelay;
        while (_byExpiry.Min is { } oldest && !SessionRule.Continues(oldest.Activity, closeBefore))
        {
            Close(oldest);
        }
    }

    private void Close(OpenSession session)
    {
        _openSessions.Remove(session.Key);
        _byExpiry.Remove(session);
        if (session.IsSdkSession)
        {
            Span<byte> stack = stackalloc byte[256];
            using var key = new FilterKey(session.Key, "", stack);
            _closedSdkSessions.Add(key.Span, Watermark!.Value);
        }
        Measure(session);
    }

    private void Measure(OpenSession session)
    {
        Counters.SessionsClosed++;
        Emit(Fact.ForSession(session.First, session.Length), FactPhase.Close, []);
    }

    /// <summary>
    /// The characters of the event's session key: <see cref="SessionRule.SdkSessionKey"/> for SDK sessions,
    /// else app and user; valid until the next call.
    /// </summary>
    private ReadOnlySpan<char> SessionKeyOf(TallyEvent e, bool isSdk)
    {
        const char separator = '\u001f';
        string sessionId = isSdk ? e.Context.SessionId! : "";
        int length = e.AppId.Length + 1 + e.User.Length + (isSdk ? 1 + sessionId.Length : 0);
        if (length > _sessionKey.Length)
        {
            _sessionKey = new char[Math.Max(length, 2 * _sessionKey.Length)];
        }
        var into = _sessionKey.AsSpan();
        e.AppId.CopyTo(into);
        int at = e.AppId.Length;
        into[at++] = separator;
        e.User.CopyTo(into[at..]);
        at += e.User.Length;
        if (isSdk)
        {
            into[at++] = separator;
            sessionId.CopyTo(into[at..]);
            at += sessionId.Length;
        }
        return into[..at];
    }

    private bool WasClosed(ReadOnlySpan<char> key, TallyEvent e)
    {
        Span<byte> stack = stackalloc byte[256];
        using var filterKey = new FilterKey(key, "", stack);
        return _closedSdkSessions.MightContain(filterKey.Span, ClockOf(e));
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    // Session facts are evaluated from their first event; what no session metric reads is not kept.
    private static TallyEvent Slim(TallyEvent e) =>
        SessionsNeedProperties ? e with { Traits = default } : e with { Properties = default, Traits = default };
}
