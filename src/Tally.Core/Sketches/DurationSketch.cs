using System.Buffers.Binary;

namespace Tally.Core.Sketches;

/// <summary>
/// A mergeable quantile sketch of durations (DDSketch, Masson et al., VLDB 2019): every
/// quantile it answers is within <see cref="RelativeAccuracy"/> of a true value at that rank,
/// whatever the distribution. The speed layer keeps one per session-length bucket; the batch
/// layer computes the exact median instead.
/// </summary>
public sealed class DurationSketch
{
    /// <summary>1 %: a 10-minute median is reported within ±6 s.</summary>
    public const double RelativeAccuracy = 0.01;

    private const byte FormatVersion = 1;
    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    // Durations below a millisecond are one bucket: sessions of a single event have length 0.
    private long _zeroCount;
    private readonly SortedDictionary<int, long> _buckets = [];

    public long Count { get; private set; }

    /// <summary>Bytes this sketch holds (for sizing the speed layer's state).</summary>
    public int SizeInBytes => 32 + _buckets.Count * 48;

    public void Add(TimeSpan duration, long count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(duration.Ticks, nameof(duration));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        double ms = duration.TotalMilliseconds;
        if (ms < 1)
        {
            _zeroCount += count;
        }
        else
        {
            int key = (int)Math.Ceiling(Math.Log(ms) / LogGamma);
            _buckets[key] = _buckets.GetValueOrDefault(key) + count;
        }
        Count += count;
    }

    public void Merge(DurationSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _zeroCount += other._zeroCount;
        foreach (var (key, count) in other._buckets)
        {
            _buckets[key] = _buckets.GetValueOrDefault(key) + count;
        }
        Count += other.Count;
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), or null when empty.</summary>
    public TimeSpan? Quantile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        if (Count == 0)
        {
            return null;
        }
        // The rank of the lower of the two middle values, as the exact median's lower half uses.
        long rank = (long)Math.Floor(q * (Count - 1));
        if (rank < _zeroCount)
        {
            return TimeSpan.Zero;
        }
        long seen = _zeroCount;
        foreach (var (key, count) in _buckets)
        {
            seen += count;
            if (seen > rank)
            {
                // The bucket (γ^(k−1), γ^k] answers with the point of least relative error.
                double ms = 2 * Math.Pow(Gamma, key) / (Gamma + 1);
                return TimeSpan.FromMilliseconds(ms);
            }
        }
        throw new InvalidOperationException("Bucket counts do not add up to Count.");
    }

    public TimeSpan? Median => Quantile(0.5);

    public byte[] ToBytes()
    {
        var bytes = new byte[1 + 8 + 4 + _buckets.Count * 12];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1), _zeroCount);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(9), _buckets.Count);
        int offset = 13;
        foreach (var (key, count) in _buckets)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), key);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(offset + 4), count);
            offset += 12;
        }
        return bytes;
    }

    /// <exception cref="FormatException">The bytes are not a serialised sketch.</exception>
    public static DurationSketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 13 || bytes[0] != FormatVersion)
        {
            throw new FormatException("Not a duration sketch (bad header).");
        }
        int buckets = BinaryPrimitives.ReadInt32LittleEndian(bytes[9..]);
        if (buckets < 0 || bytes.Length != 13 + (long)buckets * 12)
        {
            throw new FormatException($"A duration sketch of {buckets} buckets cannot be {bytes.Length} bytes long.");
        }
        var sketch = new DurationSketch { _zeroCount = BinaryPrimitives.ReadInt64LittleEndian(bytes[1..]) };
        if (sketch._zeroCount < 0)
        {
            throw new FormatException("Negative count in a duration sketch.");
        }
        sketch.Count = sketch._zeroCount;
        for (int i = 0, offset = 13; i < buckets; i++, offset += 12)
        {
            int key = BinaryPrimitives.ReadInt32LittleEndian(bytes[offset..]);
            long count = BinaryPrimitives.ReadInt64LittleEndian(bytes[(offset + 4)..]);
            if (count <= 0 || !sketch._buckets.TryAdd(key, count))
            {
                throw new FormatException("Duplicate bucket or non-positive count in a duration sketch.");
            }
            sketch.Count += count;
        }
        return sketch;
    }
}
