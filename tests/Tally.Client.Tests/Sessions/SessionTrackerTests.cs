using Tally.Client.Sessions;

namespace Tally.Client.Tests.Sessions;

public sealed class SessionTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_first_event_starts_a_session_and_a_long_foreground_stretch_keeps_it()
    {
        var sessions = new SessionTracker(Timeout, sessionId: null, lastActivity: null, T0);
        string first = sessions.Touch(T0);
        Assert.Equal(first, sessions.Touch(T0.AddHours(2)));
    }

    [Fact]
    public void Returning_after_more_than_the_timeout_in_background_starts_a_new_session()
    {
        var sessions = new SessionTracker(Timeout, null, null, T0);
        string first = sessions.Touch(T0);

        sessions.Background(T0.AddSeconds(1));
        sessions.Foreground(T0.AddSeconds(31));
        Assert.Equal(first, sessions.Touch(T0.AddSeconds(31)));

        sessions.Background(T0.AddSeconds(40));
        sessions.Foreground(T0.AddSeconds(71));
        Assert.NotEqual(first, sessions.Touch(T0.AddSeconds(71)));
    }

    [Fact]
    public void A_relaunch_continues_the_persisted_session_only_within_the_timeout()
    {
        var soon = new SessionTracker(Timeout, "persisted", T0, T0.AddSeconds(20));
        Assert.Equal("persisted", soon.Touch(T0.AddSeconds(20)));

        var late = new SessionTracker(Timeout, "persisted", T0, T0.AddSeconds(31));
        Assert.NotEqual("persisted", late.Touch(T0.AddSeconds(31)));
    }
}
