using System.Buffers;

namespace Tally.Core.Sketches;

public sealed partial class HyperLogLog
{
    /// <summary>
    /// The estimated number of distinct elements, computed exactly as postgresql-hll's
    /// <c>hll_cardinality</c> (a double, not rounded): the exact count while hashes are kept
    /// explicitly; otherwise the HLL estimate with linear counting for small ranges and the
    /// large-range correction, the same floating-point operations in the same order (the sum over the
    /// registers is taken in another order only where it is exact, so it is the same double).
    /// </summary>
    public double Estimate()
    {
        switch (_kind)
        {
            case Representation.Empty:
                return 0.0;
            case Representation.Explicit:
                return _count;
            case Representation.Dense when !SumsExactlyInAnyOrder(Parameters):
                return EstimateFromRegisters(_registers);
            case Representation.Dense:
                return Estimator(ExactSumOf(_registers), _registers.AsSpan().Count((byte)0));
            case Representation.Sparse when !SumsExactlyInAnyOrder(Parameters):
                {
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
            default:
                {
                    int top = Parameters.MaxRegisterValue;
                    int zeroCount = Parameters.RegisterCount - _count;
                    // Zero registers add 2^-0 each; the filled ones 2^-value.
                    ulong scaled = (ulong)zeroCount << top;
                    foreach (uint entry in _entries.AsSpan(0, _count))
                    {
                        scaled += 1UL << (top - SparseValue(entry));
                    }
                    return Estimator(Math.ScaleB(scaled, -top), zeroCount);
                }
        }
    }

    /// <summary>
    /// Whether the estimator's sum of 2^-register over the registers is exact, so any order of adding
    /// gives the same double as hll.c's register order: every partial sum is a multiple of the smallest
    /// term, 2^-maxValue, no larger than the register count, 2^log2m, so it fits the 53-bit significand
    /// when log2m + maxValue ≤ 53 (14 + 31 = 45 for Tally's sketches).
    /// </summary>
    private static bool SumsExactlyInAnyOrder(HllParameters parameters) =>
        parameters.MaxRegisterValue < 64 && parameters.Log2M + parameters.MaxRegisterValue <= 53;

    /// <summary>
    /// The sum of 2^-register when <see cref="SumsExactlyInAnyOrder"/>: as the integer sum of
    /// 2^(maxValue - register), below 2^53, in four independent accumulators (no division per register,
    /// no chain of dependent floating-point adds), then scaled back exactly.
    /// </summary>
    private double ExactSumOf(ReadOnlySpan<byte> registers)
    {
        int top = Parameters.MaxRegisterValue;
        ulong sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
        int index = 0;
        for (; index <= registers.Length - 4; index += 4)
        {
            sum0 += 1UL << (top - registers[index]);
            sum1 += 1UL << (top - registers[index + 1]);
            sum2 += 1UL << (top - registers[index + 2]);
            sum3 += 1UL << (top - registers[index + 3]);
        }
        for (; index < registers.Length; index++)
        {
            sum0 += 1UL << (top - registers[index]);
        }
        return Math.ScaleB(sum0 + sum1 + sum2 + sum3, -top);
    }

    // hll.c multiset_card, MST_COMPRESSED branch. Summing in register order matters in general: a
    // different order rounds differently and PostgreSQL would disagree in the last bits.
    private double EstimateFromRegisters(ReadOnlySpan<byte> registers)
    {
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
        return Estimator(sum, zeroCount);
    }

    /// <summary>hll.c multiset_card from the sum of 2^-register and the number of zero registers.</summary>
    private double Estimator(double sum, int zeroCount)
    {
        int registerCount = Parameters.RegisterCount;
        ulong maxRegisterValue = (1UL << Parameters.RegisterWidth) - 1;
        ulong powerBits = maxRegisterValue - 1;
        // For widths 6 and 7 this shift exceeds 63; C# masks the count to 6 bits exactly as the
        // x86-64 and arm64 shift instructions hll.c compiles to, so the cutoff matches too.
        ulong twoToL = 1UL << (int)(powerBits + (ulong)Parameters.Log2M);
        double largeEstimatorCutoff = twoToL / 30.0;

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
