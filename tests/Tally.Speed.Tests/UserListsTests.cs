using Tally.Speed.Aggregation;

namespace Tally.Speed.Tests;

public sealed class UserListsTests
{
    [Fact]
    public void Regions_keep_their_hashes_while_others_grow_past_chunk_boundaries()
    {
        var lists = new UserLists();
        var regions = new List<(int Offset, int Length, long[] Expected)>();
        var random = new Random(5);
        // Enough regions that they fill several chunks and grow both in place and by copying.
        for (int i = 0; i < 3_000; i++)
        {
            if (regions.Count > 0 && random.Next(3) == 0)
            {
                int which = random.Next(regions.Count);
                var (offset, length, expected) = regions[which];
                if (length < 128)
                {
                    int grown = lists.Grow(offset, length);
                    long[] doubled = [.. expected, .. Enumerable.Range(0, length).Select(_ => random.NextInt64())];
                    doubled.AsSpan(length).CopyTo(lists.Region(grown, 2 * length)[length..]);
                    regions[which] = (grown, 2 * length, doubled);
                    continue;
                }
            }
            int start = lists.Allocate(4);
            long[] hashes = [random.NextInt64(), random.NextInt64(), random.NextInt64(), random.NextInt64()];
            hashes.CopyTo(lists.Region(start, 4));
            regions.Add((start, 4, hashes));
        }

        Assert.True(lists.ChunkCount > 2, $"only {lists.ChunkCount} chunks");
        Assert.All(regions, region => Assert.Equal(region.Expected, lists.Region(region.Offset, region.Length).ToArray()));
    }

    [Fact]
    public void Chunks_beyond_twice_an_intervals_use_are_dropped_at_its_end()
    {
        var lists = new UserLists();
        for (int i = 0; i < 10_000; i++)
        {
            lists.Allocate(128);
        }
        int afterBurst = lists.ChunkCount;
        lists.Clear();
        Assert.Equal(afterBurst, lists.ChunkCount);

        lists.Allocate(128);
        lists.Clear();

        Assert.True(afterBurst > 100, $"only {afterBurst} chunks after the burst");
        Assert.Equal(2, lists.ChunkCount);
    }
}
