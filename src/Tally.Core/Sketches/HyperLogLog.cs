namespace Tally.Core.Sketches;

/// <summary>
/// A HyperLogLog distinct-count sketch that behaves exactly like postgresql-hll: the same
/// hashing (<see cref="HashOf(ReadOnlySpan{byte})"/> = <c>hll_hash_text</c>/<c>hll_hash_bytea</c>),
/// the same promotion from exact hashes to registers, the same estimator, and the same bytes
/// (<see cref="ToBytes"/>), so PostgreSQL can union and count Tally's sketches server-side.
/// </summary>
/// <remarks>
/// In memory a sketch holds, in turn: nothing; the sorted distinct hashes (exact, up to
/// <see cref="HllParameters.ExplicitLimit"/>); the non-zero registers as a sorted array
/// (small sketches stay small); one byte per register. Which of the last two is used is
/// invisible outside: the serialised form is chosen from the registers alone, as postgresql-hll
/// does. Not thread-safe.
/// </remarks>
public sealed partial class HyperLogLog
{
    private enum Representation : byte { Empty, Explicit, Sparse, Dense }

    private Representation _kind;

    // Explicit: distinct hashes sorted as signed integers (postgresql-hll's order), _count used.
    private long[] _hashes = [];

    // Sparse: non-zero registers as (index << 8 | value), sorted by index, _count used.
    private uint[] _entries = [];

    // Explicit and sparse: how much of the array is in use.
    private int _count;

    // Dense: one byte per register.
    private byte[] _registers = [];

    private HyperLogLog(HllParameters parameters) => Parameters = parameters;

    /// <summary>
    /// An empty sketch with 2^<paramref name="log2m"/> registers of <paramref name="regWidth"/> bits,
    /// an automatic explicit threshold and sparse storage enabled (postgresql-hll's defaults).
    /// The defaults, 14 and 5, give a standard error of 1.04/√16384 = 0.81 %.
    /// </summary>
    public static HyperLogLog Create(int log2m = 14, int regWidth = 5) => new(HllParameters.Create(log2m, regWidth));

    public HllParameters Parameters { get; }

    /// <summary>Relative standard error of the estimate once registers are in use, 1.04/√m.</summary>
    public double StandardError => 1.04 / Math.Sqrt(Parameters.RegisterCount);

    /// <summary>True while the sketch counts exactly (no element added, or hashes kept explicitly).</summary>
    public bool IsExact => _kind is Representation.Empty or Representation.Explicit;

    /// <summary>The representation <see cref="ToBytes"/> writes for the current contents.</summary>
    public HllStorageType StorageType => _kind switch
    {
        Representation.Empty => HllStorageType.Empty,
        Representation.Explicit => HllStorageType.Explicit,
        _ => UsesSparseStorage(FilledRegisterCount()) ? HllStorageType.Sparse : HllStorageType.Full,
    };

    /// <summary>
    /// Approximate heap bytes this sketch holds (object plus arrays), for sizing speed-layer state.
    /// </summary>
    public int RetainedBytes
    {
        get
        {
            // Object header, method table, fields; each non-empty array adds its own 24-byte header.
            const int objectOverhead = 64;
            const int arrayOverhead = 24;
            int arrays = _kind switch
            {
                Representation.Explicit => arrayOverhead + _hashes.Length * sizeof(long),
                Representation.Sparse => arrayOverhead + _entries.Length * sizeof(uint),
                Representation.Dense => arrayOverhead + _registers.Length,
                _ => 0,
            };
            return objectOverhead + arrays;
        }
    }

    /// <summary>A deep copy.</summary>
    public HyperLogLog Clone()
    {
        var copy = new HyperLogLog(Parameters);
        copy.CopyStateFrom(this);
        return copy;
    }

    private void CopyStateFrom(HyperLogLog source)
    {
        _kind = source._kind;
        _count = source._count;
        _hashes = source._kind == Representation.Explicit ? source._hashes[..source._count] : [];
        _entries = source._kind == Representation.Sparse ? source._entries[..source._count] : [];
        _registers = source._kind == Representation.Dense ? (byte[])source._registers.Clone() : [];
    }
}
