using System.Collections.Concurrent;

namespace Tally.Core.Sketches;

// The blocked layout (BloomLayout.Blocked): an item's block is picked from the hash's first half, its k
// bits within the block from the second half by the same mixed double hashing as the classic layout
// (see BloomFilter.RangeOf).
//
// Its model (Putze, Sanders and Singler, 2007): with n items over b blocks of B bits, a block's load is
// Poisson with mean λ = n/b, and in a block of i items each bit is set with probability 1 − q^i,
// q = (1 − 1/B)^k. So the false-positive rate is Σ_i Pois(i; λ)·(1 − q^i)^k, and the expected fill is
// 1 − E[q^i] = 1 − e^(−λ(1−q)). Shapes, saturation points and estimates all come from these two.
public sealed partial class BloomFilter
{
    /// <summary>Bits per block of a blocked filter: 512, a 64-byte cache line.</summary>
    public const int BlockBits = 512;

    private const int WordsPerBlock = BlockBits / BitsPerWord;

    // The model's answers, by their inputs: the speed layer asks for the same few stage designs at every
    // rotation and every restore of its filters. Bounded, so arbitrary callers cannot grow them for good.
    private const int MaxRemembered = 1024;
    private static readonly ConcurrentDictionary<(long Items, double Rate), (long BitCount, int HashCount)> BlockedShapes = new();
    private static readonly ConcurrentDictionary<(double Rate, int HashCount), double> LoadsAtRate = new();

    private long BlockCount => _words.Length / WordsPerBlock;

    private Span<ulong> BlockOf(BloomHash hash)
    {
        ulong block = Math.BigMul(BloomHash.Mix(hash.H1), (ulong)BlockCount, out _);
        return _words.AsSpan((int)block * WordsPerBlock, WordsPerBlock);
    }

    private static bool TryBlockedShape(long expectedItems, double falsePositiveRate, double classicBits, out long bitCount, out int hashCount)
    {
        if (BlockedShapes.TryGetValue((expectedItems, falsePositiveRate), out var known))
        {
            (bitCount, hashCount) = known;
            return true;
        }
        if (!TrySearchBlockedShape(expectedItems, falsePositiveRate, classicBits, out bitCount, out hashCount))
        {
            return false;
        }
        Remember(BlockedShapes, (expectedItems, falsePositiveRate), (bitCount, hashCount));
        return true;
    }

    private static void Remember<TKey, TValue>(ConcurrentDictionary<TKey, TValue> answers, TKey key, TValue value)
        where TKey : notnull
    {
        if (answers.Count < MaxRemembered)
        {
            answers.TryAdd(key, value);
        }
    }

    // From the classic size up in steps of 1 %, the first whole number of blocks at which the best k
    // (searched near the classic optimum m/n·ln 2) meets the rate. Deterministic, as it must be: a
    // scalable filter's stages are checked against their design when read back.
    private static bool TrySearchBlockedShape(long expectedItems, double falsePositiveRate, double classicBits, out long bitCount, out int hashCount)
    {
        for (double bits = classicBits; ; bits *= 1.01)
        {
            bitCount = Math.Max(1, (long)Math.Ceiling(bits / BlockBits)) * BlockBits;
            if (bitCount > MaxBitCount)
            {
                hashCount = 0;
                return false;
            }
            double itemsPerBlock = (double)expectedItems * BlockBits / bitCount;
            int guess = OptimalHashCount(bitCount, expectedItems);
            double best = double.MaxValue;
            hashCount = guess;
            for (int k = Math.Max(1, guess - 3); k <= Math.Min(MaxHashCount, guess + 3); k++)
            {
                double rate = BlockedFalsePositiveRate(itemsPerBlock, k);
                if (rate < best)
                {
                    (best, hashCount) = (rate, k);
                }
            }
            if (best <= falsePositiveRate)
            {
                return true;
            }
        }
    }

    /// <summary>Σ_i Pois(i; λ)·(1 − q^i)^k over the loads that matter (mean plus 12 standard deviations).</summary>
    /// <remarks>
    /// Runs on every stage opened or read back (sizing, saturation), so without a transcendental call
    /// per term: Poisson probabilities by their recurrence, powers by squaring. Past a mean of 700,
    /// where e^(−λ) underflows, the probabilities are taken in logarithms.
    /// </remarks>
    private static double BlockedFalsePositiveRate(double itemsPerBlock, int hashCount)
    {
        if (!(itemsPerBlock > 0))
        {
            return 0;
        }
        if (double.IsPositiveInfinity(itemsPerBlock))
        {
            return 1;
        }
        double q = BitStaysClear(hashCount);
        bool inLogarithms = itemsPerBlock > 700;
        double logMean = Math.Log(itemsPerBlock);
        int last = (int)Math.Ceiling(itemsPerBlock + (12 * Math.Sqrt(itemsPerBlock)) + 12);
        double rate = 0;
        double probability = inLogarithms ? -itemsPerBlock : Math.Exp(-itemsPerBlock);
        double stayClear = 1;
        for (int i = 1; i <= last; i++)
        {
            probability = inLogarithms ? probability + logMean - Math.Log(i) : probability * itemsPerBlock / i;
            stayClear *= q;
            rate += (inLogarithms ? Math.Exp(probability) : probability) * Power(1 - stayClear, hashCount);
        }
        return Math.Min(1, rate);
    }

    private static double Power(double x, int exponent)
    {
        double result = 1;
        for (; exponent > 0; exponent >>= 1, x *= x)
        {
            if ((exponent & 1) != 0)
            {
                result *= x;
            }
        }
        return result;
    }

    /// <summary>The expected share of bits set at a mean load of <paramref name="itemsPerBlock"/>.</summary>
    private static double ExpectedBlockedFill(double itemsPerBlock, int hashCount) =>
        1 - Math.Exp(-itemsPerBlock * (1 - BitStaysClear(hashCount)));

    /// <summary>The mean load at which the expected fill is <paramref name="fill"/>; infinite when full.</summary>
    private static double ItemsPerBlockAtFill(double fill, int hashCount) =>
        -Math.Log(1 - fill) / (1 - BitStaysClear(hashCount));

    /// <summary>The mean load at which the model's false-positive rate reaches <paramref name="rate"/>, by bisection (the rate rises with the load).</summary>
    private static double ItemsPerBlockAtRate(double rate, int hashCount)
    {
        if (!LoadsAtRate.TryGetValue((rate, hashCount), out double load))
        {
            load = SearchItemsPerBlockAtRate(rate, hashCount);
            Remember(LoadsAtRate, (rate, hashCount), load);
        }
        return load;
    }

    private static double SearchItemsPerBlockAtRate(double rate, int hashCount)
    {
        double low = 0;
        double high = 1;
        while (BlockedFalsePositiveRate(high, hashCount) < rate)
        {
            (low, high) = (high, 2 * high);
        }
        for (int i = 0; i < 60; i++)
        {
            double middle = (low + high) / 2;
            if (BlockedFalsePositiveRate(middle, hashCount) < rate)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    /// <summary>q = (1 − 1/B)<sup>k</sup>: the chance that one item leaves a given bit of its block clear.</summary>
    private static double BitStaysClear(int hashCount) => Math.Pow(1 - (1.0 / BlockBits), hashCount);
}
