namespace Tally.Core.Sketches;

/// <summary>
/// The settings a sketch carries in its header, with postgresql-hll's meaning and limits.
/// Sketches merge only when all four are equal (postgresql-hll refuses the same way).
/// </summary>
/// <param name="Log2M">log2 of the register count; 4..17 (fewer than 16 registers has no estimator, more does not fit postgresql-hll's 128 KiB).</param>
/// <param name="RegisterWidth">Bits per register, 1..7.</param>
/// <param name="ExplicitThreshold">Hashes kept exactly before switching to registers: -1 = automatic, 0 = never, else a power of two up to 8192.</param>
/// <param name="SparseEnabled">Whether the serialised form may use <see cref="HllStorageType.Sparse"/>.</param>
public readonly record struct HllParameters(int Log2M, int RegisterWidth, int ExplicitThreshold, bool SparseEnabled)
{
    public const int MinLog2M = 4;
    public const int MaxLog2M = 17;
    public const int MinRegisterWidth = 1;
    public const int MaxRegisterWidth = 7;
    public const int AutomaticExplicitThreshold = -1;

    // The largest power of two below postgresql-hll's explicit capacity (128 KiB of 8-byte hashes).
    public const int MaxExplicitThreshold = 8192;

    // Encoded explicit thresholds: 63 means automatic, 0 means none, e means 2^(e-1).
    private const int EncodedAutomatic = 63;

    /// <summary>Number of registers, m = 2^log2m.</summary>
    public int RegisterCount => 1 << Log2M;

    /// <summary>The largest value a register can hold, 2^width - 1.</summary>
    public int MaxRegisterValue => (1 << RegisterWidth) - 1;

    /// <summary>
    /// Hashes held exactly before promotion. Automatic picks as many 8-byte hashes as fit in the
    /// bit-packed registers (postgresql-hll's expthresh_value): 1280 for log2m 14, width 5.
    /// </summary>
    public int ExplicitLimit => ExplicitThreshold == AutomaticExplicitThreshold
        ? (RegisterCount * RegisterWidth + 7) / 8 / sizeof(long)
        : ExplicitThreshold;

    internal static HllParameters Create(int log2m, int regWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(log2m, MinLog2M);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(log2m, MaxLog2M);
        ArgumentOutOfRangeException.ThrowIfLessThan(regWidth, MinRegisterWidth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(regWidth, MaxRegisterWidth);
        return new HllParameters(log2m, regWidth, AutomaticExplicitThreshold, SparseEnabled: true);
    }

    internal byte ParameterByte => (byte)(((RegisterWidth - 1) << 5) | Log2M);

    internal byte CutoffByte => (byte)(((SparseEnabled ? 1 : 0) << 6) | EncodeThreshold(ExplicitThreshold));

    internal static HllParameters Decode(byte parameterByte, byte cutoffByte)
    {
        int regWidth = (parameterByte >> 5) + 1;
        int log2m = parameterByte & 0x1f;
        if (log2m is < MinLog2M or > MaxLog2M)
        {
            throw new FormatException($"HLL log2m {log2m} is outside {MinLog2M}..{MaxLog2M}.");
        }
        if (regWidth > MaxRegisterWidth)
        {
            throw new FormatException($"HLL register width {regWidth} is outside {MinRegisterWidth}..{MaxRegisterWidth}.");
        }
        if ((cutoffByte & 0x80) != 0)
        {
            throw new FormatException("HLL cutoff byte has its reserved top bit set.");
        }
        return new HllParameters(log2m, regWidth, DecodeThreshold(cutoffByte & 0x3f), SparseEnabled: (cutoffByte & 0x40) != 0);
    }

    private static int EncodeThreshold(int threshold) => threshold switch
    {
        AutomaticExplicitThreshold => EncodedAutomatic,
        0 => 0,
        _ => System.Numerics.BitOperations.Log2((uint)threshold) + 1,
    };

    private static int DecodeThreshold(int encoded)
    {
        if (encoded == EncodedAutomatic)
        {
            return AutomaticExplicitThreshold;
        }
        if (encoded == 0)
        {
            return 0;
        }
        int threshold = encoded - 1 < 31 ? 1 << (encoded - 1) : int.MaxValue;
        if (threshold > MaxExplicitThreshold)
        {
            throw new FormatException($"HLL explicit threshold code {encoded} exceeds {MaxExplicitThreshold} hashes.");
        }
        return threshold;
    }
}
