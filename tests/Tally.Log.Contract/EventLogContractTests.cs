using static Tally.Log.Contract.LogTestExtensions;

namespace Tally.Log.Contract;

/// <summary>
/// The behaviour every <see cref="IEventLog"/> must have. An implementation's test project
/// subclasses this and says how to create an isolated log.
/// </summary>
public abstract partial class EventLogContractTests
{
    protected const int Partitions = 4;

    /// <summary>A new, empty log with <paramref name="partitionCount"/> partitions, used by one test only.</summary>
    protected abstract Task<LogUnderTest> CreateLogAsync(int partitionCount = Partitions);

    [Fact]
    public async Task Records_are_read_in_append_order_within_each_partition()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();
        for (var i = 0; i < 20; i++)
        {
            await log.AppendAsync(i % Partitions, Payload($"r{i}"));
        }

        var records = await log.ReadAllAsync();

        Assert.Equal(20, records.Count);
        foreach (var partition in records.GroupBy(r => r.Partition))
        {
            var expected = Enumerable.Range(0, 20).Where(i => i % Partitions == partition.Key).Select(i => $"r{i}");
            Assert.Equal(expected, partition.Select(r => r.Text()));
        }
    }

    [Fact]
    public async Task Offsets_increase_and_each_next_offset_is_the_following_record()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();
        var positions = new List<LogPosition>();
        for (var i = 0; i < 10; i++)
        {
            positions.Add(await log.AppendAsync(1, Payload(new string('x', i * 7))));
        }

        var records = await log.ReadAllAsync();

        Assert.Equal(positions, records.Select(r => new LogPosition(r.Partition, r.Offset)));
        Assert.All(records, r => Assert.True(r.NextOffset > r.Offset));
        for (var i = 1; i < records.Count; i++)
        {
            Assert.Equal(records[i - 1].NextOffset, records[i].Offset);
        }
    }

    [Fact]
    public async Task Concurrent_appends_are_all_committed_and_read_exactly_once()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();
        const int Appenders = 16, PerAppender = 40;

        var positions = await Task.WhenAll(Enumerable.Range(0, Appenders).Select(a => Task.Run(async () =>
        {
            var mine = new List<LogPosition>();
            for (var i = 0; i < PerAppender; i++)
            {
                mine.Add(await log.AppendAsync((a + i) % Partitions, Payload($"{a}:{i}")));
            }

            return mine;
        })));

        var records = await log.ReadAllAsync();
        Assert.Equal(Appenders * PerAppender, records.Count);
        Assert.Equal(Appenders * PerAppender, records.Select(r => r.Text()).Distinct().Count());
        Assert.Equal(
            positions.SelectMany(p => p).OrderBy(p => (p.Partition, p.Offset)),
            records.Select(r => new LogPosition(r.Partition, r.Offset)));
    }

    [Fact]
    public async Task An_acknowledged_record_is_readable_and_a_readable_record_is_committed()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();
        await using var consumer = log.Subscribe("visibility");

        var appenders = Task.WhenAll(Enumerable.Range(0, 8).Select(a => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var position = await log.AppendAsync(0, Payload($"{a}:{i}"));
                var bounds = await log.GetBoundsAsync(0);
                Assert.True(bounds.End > position.Offset, "an acknowledged record lies below the end");
            }
        })));

        var seen = 0;
        while (true)
        {
            var appendersFinished = appenders.IsCompleted;
            var batch = await consumer.FetchAsync(100, TimeSpan.FromMilliseconds(200));
            var end = (await log.GetBoundsAsync(0)).End;
            Assert.All(batch, r => Assert.True(r.NextOffset <= end, "a fetched record lies below the committed end"));
            seen += batch.Count;
            if (appendersFinished && batch.Count == 0)
            {
                break;
            }
        }

        await appenders;
        Assert.Equal(400, seen);
    }

    [Fact]
    public async Task Bounds_start_empty_and_end_after_the_last_record()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();

        var empty = await log.GetBoundsAsync(2);
        Assert.Equal(empty.Start, empty.End);

        await log.AppendAsync(2, Payload("a"));
        await log.AppendAsync(2, Payload("b"));
        var records = await log.ReadAllAsync();
        var bounds = await log.GetBoundsAsync(2);

        Assert.Equal(records[0].Offset, bounds.Start);
        Assert.Equal(records[^1].NextOffset, bounds.End);
        Assert.Equal(empty, await log.GetBoundsAsync(3));
    }

    [Fact]
    public async Task Partitions_outside_the_log_are_rejected()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();

        Assert.Equal(Partitions, log.PartitionCount);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.AppendAsync(Partitions, Payload("x")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.AppendAsync(-1, Payload("x")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.GetBoundsAsync(Partitions));
    }
}
