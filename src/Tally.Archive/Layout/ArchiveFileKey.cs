using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tally.Archive.Layout;

/// <summary>
/// One archive file: the events of log records [<see cref="FirstOffset"/>, <see cref="NextOffset"/>)
/// of <see cref="Partition"/> whose event time falls in one UTC hour. Its identity is the
/// (partition, offset range, hour) alone, so writing the same range again replaces the file
/// instead of duplicating it.
/// </summary>
public sealed partial record ArchiveFileKey
{
    public ArchiveFileKey(DateOnly day, int hour, int partition, long firstOffset, long nextOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hour, 23);
        // Three digits in the name: the embedded log allows up to 1000 partitions.
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partition, 999);
        ArgumentOutOfRangeException.ThrowIfNegative(firstOffset);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(nextOffset, firstOffset);
        Day = day;
        Hour = hour;
        Partition = partition;
        FirstOffset = firstOffset;
        NextOffset = nextOffset;
    }

    public DateOnly Day { get; }
    public int Hour { get; }
    public int Partition { get; }
    public long FirstOffset { get; }
    public long NextOffset { get; }

    /// <summary><c>events/day=YYYY-MM-DD/hour=HH/p{partition:D3}-{firstOffset:D20}-{nextOffset:D20}.parquet</c>; offsets zero-padded so keys sort by offset.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"{ArchiveLayout.DayPrefix(Day)}hour={Hour:D2}/p{Partition:D3}-{FirstOffset:D20}-{NextOffset:D20}.parquet");

    /// <summary>Parses a key made by <see cref="Key"/>; false for any other key.</summary>
    public static bool TryParse(string key, [NotNullWhen(true)] out ArchiveFileKey? file)
    {
        ArgumentNullException.ThrowIfNull(key);
        file = null;
        var match = KeyPattern().Match(key);
        if (!match.Success
            || !DateOnly.TryParseExact(match.Groups["day"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !long.TryParse(match.Groups["first"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long first)
            || !long.TryParse(match.Groups["next"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long next))
        {
            return false;
        }
        int hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture);
        int partition = int.Parse(match.Groups["partition"].Value, CultureInfo.InvariantCulture);
        if (hour > 23 || next <= first)
        {
            return false;
        }
        file = new ArchiveFileKey(day, hour, partition, first, next);
        return true;
    }

    [GeneratedRegex(@"^events/day=(?<day>\d{4}-\d{2}-\d{2})/hour=(?<hour>\d{2})/p(?<partition>\d{3})-(?<first>\d{20})-(?<next>\d{20})\.parquet$",
        RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
