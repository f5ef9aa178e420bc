namespace Tally.Core.Sketches;

// Each slot keeps its key's characters in a buffer of its own, and a newcomer that takes over an
// evicted counter is copied into the evicted key's buffer. So admitting a key allocates nothing once
// the buffers are as long as the keys that come. Most newcomers are ids, evicted again soon, and a
// string for each was most of what the speed layer allocated. A key's string is made when a caller
// asks for it, and a confirmed top key keeps it until evicted.
public sealed partial class TopK
{
    // Buffers are sized in steps of this many characters, and not kept when more than twice the key
    // and a step long, so one rare long value does not pin a large buffer to its slot.
    private const int KeyBufferStep = 8;

    private ReadOnlySpan<char> KeyOf(int slot)
    {
        ref var counter = ref _counters[slot];
        return new(counter.KeyChars, 0, counter.KeyLength);
    }

    private string KeyStringOf(int slot) => _counters[slot].KeyString ??= new string(KeyOf(slot));

    // For reads of every key (snapshots, merges): a string made here is not kept.
    private string KeyStringForRead(int slot) => _counters[slot].KeyString ?? new string(KeyOf(slot));

    /// <param name="asString">The key as a string when the caller has one, else null.</param>
    private void StoreKey(int slot, ReadOnlySpan<char> key, string? asString)
    {
        ref var counter = ref _counters[slot];
        ref char[]? buffer = ref counter.KeyChars;
        if (buffer is null || buffer.Length < key.Length || buffer.Length > (2 * key.Length) + KeyBufferStep)
        {
            buffer = new char[(key.Length + KeyBufferStep) & ~(KeyBufferStep - 1)];
        }
        key.CopyTo(buffer);
        counter.KeyLength = key.Length;
        counter.KeyString = asString;
    }
}
