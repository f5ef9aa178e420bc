namespace Tally.Query.Diagnostics;

/// <summary>
/// Stable event ids of the query API's log messages (range 5000-5099). Dashboards and alerts
/// match on these ids; never renumber one, only add.
/// </summary>
public static class QueryLogEvents
{
    /// <summary>Debug: a request was refused with 401 or 403.</summary>
    public const int AccessRefused = 5000;

    /// <summary>Warning: live data is stale (the speed layer has records to process and has not committed for a while).</summary>
    public const int LiveStale = 5001;
}
