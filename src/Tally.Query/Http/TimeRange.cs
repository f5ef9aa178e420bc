using System.Globalization;
using Tally.Query.Merge;

namespace Tally.Query.Http;

/// <summary>
/// A request's [from, to) in UTC. Each bound is a date (<c>2025-03-01</c>: midnight UTC; as <c>to</c>
/// the day is included, so the range ends at the next midnight) or an ISO 8601 instant (an offset is
/// converted to UTC; without one, UTC is assumed).
/// </summary>
public readonly record struct TimeRange(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>Longest range of an hourly series (744 points).</summary>
    public static readonly TimeSpan MaxHourly = TimeSpan.FromDays(31);

    /// <summary>Longest range of a daily, weekly or monthly series: two years of days.</summary>
    public static readonly TimeSpan MaxDaily = TimeSpan.FromDays(732);

    /// <summary>Earliest bound accepted: before any app could have sent an event, and far from <see cref="DateTimeOffset.MinValue"/>.</summary>
    public static readonly DateTimeOffset EarliestBound = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Latest bound accepted: far enough from <see cref="DateTimeOffset.MaxValue"/> that no range arithmetic overflows.</summary>
    public static readonly DateTimeOffset LatestBound = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Parses <c>from</c>/<c>to</c>; without <c>to</c>, now; without <c>from</c>, <paramref name="defaultLength"/> before <c>to</c>.</summary>
    /// <exception cref="BadParameterException">A bound does not parse, from is not before to, or the range is longer than <paramref name="maxLength"/>.</exception>
    public static TimeRange Parse(string? from, string? to, DateTimeOffset now, TimeSpan defaultLength, TimeSpan maxLength)
    {
        var end = to is null ? now : ParseBound(to, nameof(to), isEnd: true);
        var start = from is null ? end - defaultLength : ParseBound(from, nameof(from), isEnd: false);
        if (start >= end)
        {
            throw new BadParameterException(nameof(from), $"from ({start:O}) must be before to ({end:O}).");
        }
        if (end - start > maxLength)
        {
            throw new BadParameterException(nameof(from), $"The range is {(end - start).TotalDays:0.#} days; at most {maxLength.TotalDays:0} days are allowed at this interval.");
        }
        return new TimeRange(start, end);
    }

    public static TimeSpan MaxLengthOf(QueryInterval interval) => interval == QueryInterval.Hour ? MaxHourly : MaxDaily;

    public static TimeSpan DefaultLengthOf(QueryInterval interval) =>
        interval == QueryInterval.Hour ? TimeSpan.FromDays(1) : TimeSpan.FromDays(30);

    private static DateTimeOffset ParseBound(string text, string parameter, bool isEnd)
    {
        var (bound, isDate) = ParseInstant(text, parameter);
        if (bound < EarliestBound || bound > LatestBound)
        {
            throw new BadParameterException(parameter, $"{parameter} must lie between {EarliestBound:yyyy-MM-dd} and {LatestBound:yyyy-MM-dd}.");
        }
        return isEnd && isDate ? bound.AddDays(1) : bound;
    }

    /// <returns>The instant, and whether the text was a date (so that, as an end, the whole day is included).</returns>
    private static (DateTimeOffset Bound, bool IsDate) ParseInstant(string text, string parameter)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return (new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), true);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return (instant.ToUniversalTime(), false);
        }
        string shown = text.Length <= 64 ? text : text[..64] + "…";
        throw new BadParameterException(parameter, $"'{shown}' is neither a date (yyyy-MM-dd) nor an ISO 8601 instant.");
    }
}
