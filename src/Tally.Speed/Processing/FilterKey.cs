using System.Buffers;

namespace Tally.Speed.Processing;

/// <summary>
/// The UTF-8 bytes of "a␟b", the item a Bloom filter remembers for a pair such as
/// (app, messageId), built in a caller's stack buffer or a pooled array when that is too small.
/// </summary>
internal ref struct FilterKey
{
    private const byte Separator = 0x1F;

    private byte[]? _rented;

    public FilterKey(ReadOnlySpan<char> first, ReadOnlySpan<char> second, Span<byte> stackBuffer)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(first.Length + second.Length) + 1;
        var buffer = max <= stackBuffer.Length ? stackBuffer : (_rented = ArrayPool<byte>.Shared.Rent(max));
        int length = System.Text.Encoding.UTF8.GetBytes(first, buffer);
        buffer[length++] = Separator;
        length += System.Text.Encoding.UTF8.GetBytes(second, buffer[length..]);
        Span = buffer[..length];
    }

    public ReadOnlySpan<byte> Span { get; }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
