namespace Tally.Query.Merge;

/// <summary>The consecutive buckets of a series: aligned starts from the bucket holding <c>from</c> up to <c>to</c>.</summary>
public sealed class BucketGrid
{
    private readonly DateTimeOffset[] _starts;

    private BucketGrid(QueryInterval interval, DateTimeOffset[] starts, DateTimeOffset end)
    {
        Interval = interval;
        _starts = starts;
        End = end;
    }

    public QueryInterval Interval { get; }

    public IReadOnlyList<DateTimeOffset> Starts => _starts;

    public int Count => _starts.Length;

    /// <summary>Where the first bucket starts (aligned, so possibly before the requested <c>from</c>).</summary>
    public DateTimeOffset Start => _starts.Length > 0 ? _starts[0] : End;

    /// <summary>Where the last bucket ends.</summary>
    public DateTimeOffset End { get; }

    public static BucketGrid Cover(QueryInterval interval, DateTimeOffset from, DateTimeOffset to)
    {
        var starts = new List<DateTimeOffset>();
        var start = interval.BucketStart(from);
        while (start < to)
        {
            starts.Add(start);
            start = interval.Next(start);
        }
        return new BucketGrid(interval, [.. starts], start);
    }

    public DateTimeOffset EndOf(int index) => index + 1 < _starts.Length ? _starts[index + 1] : End;

    /// <summary>The index of the bucket holding <paramref name="time"/>, or -1 outside the grid.</summary>
    public int IndexOf(DateTimeOffset time)
    {
        if (time < Start || time >= End)
        {
            return -1;
        }
        int found = Array.BinarySearch(_starts, time);
        // Not a start: BinarySearch returns the complement of the next start's index.
        return found >= 0 ? found : ~found - 1;
    }
}
