namespace Tally.Query.Merge;

/// <summary>The bucket width of a series. Weeks start on Monday (ISO 8601); all buckets are UTC.</summary>
public enum QueryInterval
{
    Hour,
    Day,
    Week,
    Month,
}

public static class QueryIntervals
{
    public static bool TryParse(string? text, out QueryInterval interval)
    {
        switch (text)
        {
            case "hour": interval = QueryInterval.Hour; return true;
            case "day": interval = QueryInterval.Day; return true;
            case "week": interval = QueryInterval.Week; return true;
            case "month": interval = QueryInterval.Month; return true;
            default: interval = default; return false;
        }
    }

    public static string ToWireName(this QueryInterval interval) => interval switch
    {
        QueryInterval.Hour => "hour",
        QueryInterval.Day => "day",
        QueryInterval.Week => "week",
        _ => "month",
    };

    /// <summary>The start of the bucket holding <paramref name="time"/>.</summary>
    public static DateTimeOffset BucketStart(this QueryInterval interval, DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var day = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        return interval switch
        {
            QueryInterval.Hour => day.AddHours(utc.Hour),
            QueryInterval.Day => day,
            // DayOfWeek counts from Sunday = 0; Monday-based offset is (d + 6) % 7.
            QueryInterval.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            _ => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }

    /// <summary>The start of the bucket after the one starting at <paramref name="bucketStart"/>.</summary>
    public static DateTimeOffset Next(this QueryInterval interval, DateTimeOffset bucketStart) => interval switch
    {
        QueryInterval.Hour => bucketStart.AddHours(1),
        QueryInterval.Day => bucketStart.AddDays(1),
        QueryInterval.Week => bucketStart.AddDays(7),
        _ => bucketStart.AddMonths(1),
    };
}
