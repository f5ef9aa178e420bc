namespace Tally.Core.Sketches;

/// <summary>
/// Remembers items for a sliding time window: a ring of generations, one per time slice. Adds go to
/// the generation of the current slice, lookups check every live generation, and moving into a new
/// slice drops the oldest. An item added at t is found until at least t + window and forgotten
/// by t + window + one slice; adding it again refreshes it, so "seen before" means "seen within the
/// window before the last sighting".
/// <para>
/// Time is always the caller's (event or processing time), never a clock, so replaying the same
/// inputs gives the same state byte for byte. Time never moves backwards: a time in an earlier slice
/// than the latest one seen is treated as the latest slice, which can only keep an item longer.
/// </para>
/// <para>
/// Each generation is a <see cref="ScalableBloomFilter"/> sized for the expected items per slice with
/// an equal share of the error budget, so a lookup across all of them stays within
/// <see cref="RotatingBloomFilterOptions.FalsePositiveRate"/> even when a slice overflows: the
/// overflowing generation grows instead (see <see cref="StageCount"/>). Not thread-safe.
/// </para>
/// </summary>
public sealed partial class RotatingBloomFilter
{
    private const long NotStarted = -1;

    // Slot i holds the slice s with s mod GenerationCount = i among the live ones.
    private readonly ScalableBloomFilter[] _generations;
    private long _currentSlice = NotStarted;

    public RotatingBloomFilter(RotatingBloomFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _generations = new ScalableBloomFilter[options.GenerationCount];
        for (int i = 0; i < _generations.Length; i++)
        {
            _generations[i] = NewGeneration(options);
        }
    }

    public RotatingBloomFilterOptions Options { get; }

    public int GenerationCount => _generations.Length;

    /// <summary>Start of the latest slice seen; null before the first add.</summary>
    public DateTimeOffset? CurrentSliceStart =>
        _currentSlice == NotStarted ? null : new DateTimeOffset(_currentSlice * SliceTicks, TimeSpan.Zero);

    /// <summary>
    /// Bloom stages over all generations. More than one per used generation means some slice received
    /// more than <see cref="RotatingBloomFilterOptions.ExpectedItemsPerSlice"/> items and grew to keep
    /// the false-positive rate: a signal to size it larger.
    /// </summary>
    public int StageCount => _generations.Sum(generation => generation.StageCount);

    public long SizeInBytes => _generations.Sum(generation => generation.SizeInBytes);

    private long SliceTicks => Options.SliceLength.Ticks;

    /// <summary>
    /// Records <paramref name="item"/> as seen at <paramref name="time"/> and says whether it was
    /// possibly seen within the window before. False means certainly not.
    /// </summary>
    public bool Add(ReadOnlySpan<byte> item, DateTimeOffset time)
    {
        AdvanceTo(time);
        BloomHash hash = BloomHash.Of(item);
        // Test-and-set in the current generation first: it also refreshes an item seen in an older one.
        int slot = Slot(_currentSlice);
        if (_generations[slot].Add(hash))
        {
            return true;
        }
        for (int age = 1; age < _generations.Length; age++)
        {
            slot = OlderSlot(slot);
            if (_generations[slot].MightContain(hash))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether an <see cref="Add"/> at <paramref name="time"/> would stay in the current slice: then an
    /// item added since the slice began is still in it, and adding it again changes nothing and returns true.
    /// </summary>
    public bool IsInCurrentSlice(DateTimeOffset time) => _currentSlice != NotStarted && SliceOf(time) <= _currentSlice;

    /// <summary>
    /// Whether <paramref name="item"/> was possibly seen within the window as of <paramref name="time"/>,
    /// without changing the filter: generations that <paramref name="time"/> would drop are skipped.
    /// </summary>
    public bool MightContain(ReadOnlySpan<byte> item, DateTimeOffset time)
    {
        if (_currentSlice == NotStarted)
        {
            return false;
        }
        // Ages from 0 (current) up to the oldest generation still live at the slice of time.
        long liveAges = GenerationCount - Math.Max(0, SliceOf(time) - _currentSlice);
        BloomHash hash = BloomHash.Of(item);
        int slot = Slot(_currentSlice);
        for (long age = 0; age < liveAges; age++, slot = OlderSlot(slot))
        {
            if (_generations[slot].MightContain(hash))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Moves to the slice of <paramref name="time"/>, dropping the generations that fall out of the window.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        long slice = SliceOf(time);
        if (slice <= _currentSlice)
        {
            return;
        }
        // Every slice between the old and the new current one starts empty; beyond a full ring, all do.
        long firstToClear = Math.Max(_currentSlice + 1, slice - GenerationCount + 1);
        for (long s = firstToClear; s <= slice; s++)
        {
            _generations[Slot(s)].Clear();
        }
        _currentSlice = slice;
    }

    private long SliceOf(DateTimeOffset time) => time.UtcTicks / SliceTicks;

    // Slices before the first one seen (near year 1) are negative; they map to slots never written.
    private int Slot(long slice) => (int)(((slice % GenerationCount) + GenerationCount) % GenerationCount);

    private int OlderSlot(int slot) => slot == 0 ? _generations.Length - 1 : slot - 1;

    private static ScalableBloomFilter NewGeneration(RotatingBloomFilterOptions options) =>
        new(options.ExpectedItemsPerSlice, options.FalsePositiveRate / options.GenerationCount);
}
