namespace Tally.Core.Sketches;

/// <summary>Where a <see cref="BloomFilter"/> puts an item's k bits. Each layout is its own serialised format version.</summary>
public enum BloomLayout : byte
{
    /// <summary>
    /// Anywhere in the bit array: the textbook filter, and up to k cache misses per add or lookup.
    /// Filters saved before blocked filters existed are classic and are read as such.
    /// </summary>
    Classic = 1,

    /// <summary>
    /// All within one 512-bit block, a cache line, chosen per item (Putze, Sanders and Singler, "Cache-,
    /// Hash- and Space-Efficient Bloom Filters", 2007): one cache miss per add or lookup where a classic
    /// filter has up to k. Blocks fill unevenly, so the same false-positive rate takes somewhat more bits
    /// (see <see cref="BloomFilter.Shape"/>). The default for new filters.
    /// </summary>
    Blocked = 2,
}
