namespace Tally.Query;

/// <summary>Query API settings, bound from the <c>Tally:Query</c> configuration section.</summary>
public sealed class QueryOptions
{
    public const string SectionName = "Tally:Query";

    /// <summary>A bearer token that reads every app (operators, the dashboard); none when unset, so only read keys work.</summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// How long the speed layer keeps hour cells (match <c>Tally:Speed:HourRetention</c>): when the batch
    /// is late, days after the watermark are served from speed cells back this far, and no further.
    /// </summary>
    public TimeSpan SpeedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Live data counts as stale when the speed layer has records to process and has not committed for this long.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The speed layer's consumer group (<c>Tally:Speed:ConsumerGroup</c>), whose offsets measure its lag.</summary>
    public string SpeedConsumerGroup { get; set; } = "speed";
}
