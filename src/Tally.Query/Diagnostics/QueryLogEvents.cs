namespace Tally.Query.Diagnostics;

/// <summary>
/// Stable event ids of the query API's log messages (range 6000-6099). Dashboards and alerts
/// match on these ids; never renumber one, only add.
/// </summary>
public static class QueryLogEvents
{
    /// <summary>Debug: a request was refused with 401 or 403.</summary>
    public const int AccessRefused = 6000;

    /// <summary>Warning: live data is stale (the speed layer has records to process and has not committed for a while).</summary>
    public const int LiveStale = 6001;
}
