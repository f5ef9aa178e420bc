namespace Tally.Core.Sketches;

/// <summary>
/// Shape of a <see cref="RotatingBloomFilter"/>: how long an item is remembered, how finely time is
/// sliced, and how many items one slice is expected to receive.
/// </summary>
public sealed record RotatingBloomFilterOptions
{
    // A lookup checks every generation; past a thousand the filter is the wrong tool.
    internal const int MaxGenerationCount = 1024;

    /// <summary>An item added at t is found at least until t + Window.</summary>
    public required TimeSpan Window { get; init; }

    /// <summary>
    /// Time covered by one generation; slices are aligned to 0001-01-01 UTC, so whole days start at
    /// UTC midnight and whole weeks on Mondays. An item is forgotten at most one slice after the window.
    /// </summary>
    public required TimeSpan SliceLength { get; init; }

    /// <summary>Distinct items one slice receives; more are handled by growing that slice, not by losing accuracy.</summary>
    public required long ExpectedItemsPerSlice { get; init; }

    /// <summary>Bound on the false-positive rate of a lookup across all generations together.</summary>
    public double FalsePositiveRate { get; init; } = BloomFilter.DefaultFalsePositiveRate;

    /// <summary>One generation per slice of the window plus the one being filled: 8 for 7 days in daily slices.</summary>
    public int GenerationCount => (int)Math.Min(int.MaxValue, (Window.Ticks + SliceLength.Ticks - 1) / SliceLength.Ticks + 1);

    /// <summary>The duplicate window of ARCHITECTURE.md: the same (app, messageId) within 7 days counts once.</summary>
    public static RotatingBloomFilterOptions Duplicates(long expectedMessagesPerDay) => new()
    {
        Window = TimeSpan.FromDays(7),
        SliceLength = TimeSpan.FromDays(1),
        ExpectedItemsPerSlice = expectedMessagesPerDay,
    };

    internal void Validate()
    {
        if (SliceLength <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SliceLength), SliceLength, "The slice length must be positive.");
        }
        if (Window < SliceLength)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, $"The window must be at least one slice ({SliceLength}).");
        }
        if (GenerationCount > MaxGenerationCount)
        {
            throw new ArgumentOutOfRangeException(nameof(SliceLength), SliceLength, $"A window of {Window} in slices of {SliceLength} needs {GenerationCount} generations; at most {MaxGenerationCount} are allowed.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(ExpectedItemsPerSlice, 1, nameof(ExpectedItemsPerSlice));
        if (!(FalsePositiveRate is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FalsePositiveRate), FalsePositiveRate, "The false-positive rate must be between 0 and 1, exclusive.");
        }
    }
}
