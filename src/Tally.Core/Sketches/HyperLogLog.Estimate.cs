using System.Buffers;

namespace Tally.Core.Sketches;

public sealed partial class HyperLogLog
{
    /// <summary>
    /// The estimated number of distinct elements, computed exactly as postgresql-hll's
    /// <c>hll_cardinality</c> (a double, not rounded): the exact count while hashes are kept
    /// explicitly; otherwise the HLL estimate with linear counting for small ranges and the
    /// large-range correction, the same floating-point operations in the same order.
    /// </summary>
    public double Estimate()
    {
        switch (_kind)
        {
            case Representation.Empty:
                return 0.0;
            case Representation.Explicit:
                return _count;
            case Representation.Dense:
                return EstimateFromRegisters(_registers);
            default:
                byte[] registers = ArrayPool<byte>.Shared.Rent(Parameters.RegisterCount);
                try
                {
                    var view = registers.AsSpan(0, Parameters.RegisterCount);
                    CopyRegistersTo(view);
                    return EstimateFromRegisters(view);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(registers);
                }
        }
    }

    // hll.c multiset_card, MST_COMPRESSED branch. Summing in register order matters: a
    // different order rounds differently and PostgreSQL would disagree in the last bits.
    private double EstimateFromRegisters(ReadOnlySpan<byte> registers)
    {
        int registerCount = Parameters.RegisterCount;
        ulong maxRegisterValue = (1UL << Parameters.RegisterWidth) - 1;
        ulong powerBits = maxRegisterValue - 1;
        // For widths 6 and 7 this shift exceeds 63; C# masks the count to 6 bits exactly as the
        // x86-64 and arm64 shift instructions hll.c compiles to, so the cutoff matches too.
        ulong twoToL = 1UL << (int)(powerBits + (ulong)Parameters.Log2M);
        double largeEstimatorCutoff = twoToL / 30.0;

        double sum = 0.0;
        int zeroCount = 0;
        foreach (byte value in registers)
        {
            sum += 1.0 / (1L << value);
            if (value == 0)
            {
                zeroCount++;
            }
        }

        double estimator = AlphaMSquared(registerCount) / sum;
        if (zeroCount != 0 && estimator < 5.0 * registerCount / 2.0)
        {
            return registerCount * Math.Log((double)registerCount / zeroCount);
        }
        if (estimator <= largeEstimatorCutoff)
        {
            return estimator;
        }
        return -1 * (long)twoToL * Math.Log(1.0 - estimator / twoToL);
    }

    // hll.c gamma_register_count_squared.
    private static double AlphaMSquared(int registerCount) => registerCount switch
    {
        16 => 0.673 * registerCount * registerCount,
        32 => 0.697 * registerCount * registerCount,
        64 => 0.709 * registerCount * registerCount,
        _ => 0.7213 / (1.0 + 1.079 / registerCount) * registerCount * registerCount,
    };
}
