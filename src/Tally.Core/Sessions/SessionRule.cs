using Tally.Core.Events;

namespace Tally.Core.Sessions;

/// <summary>
/// What a session is (ARCHITECTURE.md, "Event semantics"): the SDK's <c>context.sessionId</c>
/// when present; otherwise a user's events separated by less than <see cref="InactivityGap"/>.
/// </summary>
public static class SessionRule
{
    /// <summary>Events of one user without a session id this far apart start a new session.</summary>
    public static readonly TimeSpan InactivityGap = TimeSpan.FromMinutes(30);

    /// <summary>Whether the event carries the SDK's own session id.</summary>
    public static bool HasSdkSession(TallyEvent e) => HasSdkSession(e.Context.SessionId);

    /// <summary>Whether a <c>context.sessionId</c> is the SDK's own session id.</summary>
    public static bool HasSdkSession(string? sessionId) => !string.IsNullOrEmpty(sessionId);

    /// <summary>
    /// The key that identifies an SDK session across all events: app, user and the SDK's id
    /// (SDK ids are only unique per device, so the user is part of the key).
    /// </summary>
    public static string SdkSessionKey(TallyEvent e) =>
        string.Concat(e.AppId, "\u001f", e.User, "\u001f", e.Context.SessionId);

    /// <summary>Whether an event at <paramref name="next"/> continues a gap session last active at <paramref name="last"/>.</summary>
    public static bool Continues(DateTimeOffset last, DateTimeOffset next) => next - last < InactivityGap;
}
