using System.Runtime.InteropServices;
using System.Text;

namespace Tally.Archive.Parquet.Plain;

/// <summary>
/// One string per distinct UTF-8 value: a file's low-cardinality columns (apps, users, event names,
/// context values) repeat a few thousand values over many rows, and a decoded string per row is most
/// of a read's garbage. The last value is kept at hand, as a file's rows come in runs (one upload).
/// </summary>
internal sealed class Utf8StringPool
{
    private readonly Dictionary<byte[], string> _strings = new(Utf8Comparer.Instance);
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _byBytes;
    // A copy of the last value's bytes, in a buffer reused for every value.
    private byte[] _last = new byte[64];
    private int _lastLength;
    private string _lastString = string.Empty;

    public Utf8StringPool() => _byBytes = _strings.GetAlternateLookup<ReadOnlySpan<byte>>();

    public string StringOf(ReadOnlySpan<byte> utf8)
    {
        if (utf8.SequenceEqual(_last.AsSpan(0, _lastLength)))
        {
            return _lastString;
        }
        ref string? text = ref CollectionsMarshal.GetValueRefOrAddDefault(_byBytes, utf8, out bool exists);
        if (!exists)
        {
            text = Encoding.UTF8.GetString(utf8);
        }
        if (utf8.Length > _last.Length)
        {
            _last = new byte[utf8.Length];
        }
        utf8.CopyTo(_last);
        _lastLength = utf8.Length;
        _lastString = text!;
        return text!;
    }

    private sealed class Utf8Comparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly Utf8Comparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
