namespace Tally.Collector.Diagnostics;

/// <summary>
/// Stable event ids of the collector's log messages (range 1000-1099). Dashboards and alerts
/// match on these ids; never renumber one, only add.
/// </summary>
public static class CollectorLogEvents
{
    /// <summary>Debug: a request was refused with a 4xx (bad body, limits, unknown write key).</summary>
    public const int RequestRefused = 1000;

    /// <summary>Information: events of an accepted request were dead-lettered.</summary>
    public const int EventsDeadLettered = 1001;

    /// <summary>Warning: the log could not append; the request got 503 and the client will retry.</summary>
    public const int LogUnavailable = 1002;

    /// <summary>Warning: the dead-letter store could not write; the request got 503 and the client will retry.</summary>
    public const int DeadLetterStoreUnavailable = 1003;

    /// <summary>Debug: a request's events were appended.</summary>
    public const int EventsAppended = 1004;

    /// <summary>Warning: the app registry could not look a write key up; the request got 503 and the client will retry.</summary>
    public const int AppRegistryUnavailable = 1005;
}
