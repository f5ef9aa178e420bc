namespace Tally.Core.Sketches;

public sealed partial class TopK
{
    /// <summary>
    /// Adds the counters of <paramref name="other"/> (a summary of another part of the stream) to this
    /// one, following Cafaro, Pulimeno and Tempesta's parallel Space-Saving merge (2016): a key counted
    /// on one side only is given the other side's <see cref="MinimumCount"/> as count and error, since
    /// it can have occurred at most that often there; then the <see cref="Capacity"/> largest counters
    /// are kept, ranked among equal counts by ordinal key order. The guarantees of <see cref="TopK"/>
    /// hold for the merged stream, with <see cref="TotalCount"/> the sum of both. The result does not
    /// depend on the order of the operands: a.Merge(b) and b.Merge(a) hold the same counters, ranked alike.
    /// </summary>
    public void Merge(TopK other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Capacity != Capacity)
        {
            throw new ArgumentException($"Cannot merge a top-k summary of {other.Capacity} counters into one of {Capacity}.", nameof(other));
        }
        long ownMinimum = MinimumCount;
        long otherMinimum = other.MinimumCount;
        var merged = new Dictionary<string, TopKEntry>(_size + other._size, StringComparer.Ordinal);
        for (int slot = 0; slot < _size; slot++)
        {
            string key = KeyStringForRead(slot);
            merged[key] = new TopKEntry(key, _counters[slot].Count + otherMinimum, _counters[slot].Error + otherMinimum);
        }
        for (int slot = 0; slot < other._size; slot++)
        {
            string key = other.KeyStringForRead(slot);
            // A key on both sides: the other side's minimum was only a stand-in for its real counter.
            merged[key] = merged.TryGetValue(key, out TopKEntry own)
                ? new TopKEntry(key, own.Count - otherMinimum + other._counters[slot].Count, own.MaxError - otherMinimum + other._counters[slot].Error)
                : new TopKEntry(key, other._counters[slot].Count + ownMinimum, other._counters[slot].Error + ownMinimum);
        }
        long totalCount = TotalCount + other.TotalCount;
        List<TopKEntry> kept = merged.Values
            .OrderByDescending(entry => entry.Count)
            .ThenBy(entry => entry.Key, StringComparer.Ordinal)
            .Take(Capacity)
            .ToList();
        Reset();
        Load(kept, totalCount);
    }
}
