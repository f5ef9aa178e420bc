using static Tally.Log.Contract.LogTestExtensions;

namespace Tally.Log.Contract;

public abstract partial class EventLogContractTests
{
    [Fact]
    public async Task A_new_group_starts_at_the_oldest_record_and_has_no_committed_offsets()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();
        await log.AppendAsync(0, Payload("first"));

        await using var consumer = log.Subscribe("fresh");

        Assert.Equal("fresh", consumer.Group);
        Assert.Equal(Enumerable.Range(0, Partitions), consumer.Assignment.Order());
        Assert.Null(await consumer.GetCommittedAsync(0));
        Assert.Equal("first", Assert.Single(await consumer.FetchAtLeastAsync(1)).Text());
    }

    [Fact]
    public async Task Committed_offsets_survive_reopening_the_log()
    {
        await using var store = await CreateLogAsync();
        long resumeAt;
        await using (var log = await store.OpenAsync())
        {
            for (var i = 0; i < 5; i++)
            {
                await log.AppendAsync(3, Payload($"r{i}"));
            }

            await using var consumer = log.Subscribe("durable");
            var firstTwo = await consumer.FetchAtLeastAsync(2);
            resumeAt = firstTwo[1].NextOffset;
            await consumer.CommitAsync(new Dictionary<int, long> { [3] = resumeAt });
        }

        await using (var log = await store.OpenAsync())
        {
            await using var consumer = log.Subscribe("durable");
            Assert.Equal(resumeAt, await consumer.GetCommittedAsync(3));
            var rest = await consumer.FetchAtLeastAsync(3);
            Assert.Equal(["r2", "r3", "r4"], rest.Select(r => r.Text()));
        }
    }

    [Fact]
    public async Task Two_members_split_the_partitions_and_together_read_everything_once()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();
        await using var first = log.Subscribe("split");
        await using var second = log.Subscribe("split");
        for (var i = 0; i < 40; i++)
        {
            await log.AppendAsync(i % Partitions, Payload($"r{i}"));
        }

        Assert.NotEmpty(first.Assignment);
        Assert.NotEmpty(second.Assignment);
        Assert.Empty(first.Assignment.Intersect(second.Assignment));
        Assert.Equal(Enumerable.Range(0, Partitions), first.Assignment.Concat(second.Assignment).Order());

        var fromFirst = await first.FetchAtLeastAsync(first.Assignment.Count * 10);
        var fromSecond = await second.FetchAtLeastAsync(second.Assignment.Count * 10);

        Assert.All(fromFirst, r => Assert.Contains(r.Partition, first.Assignment));
        Assert.All(fromSecond, r => Assert.Contains(r.Partition, second.Assignment));
        var all = fromFirst.Concat(fromSecond).Select(r => r.Text()).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"r{i}").Order(), all.Order());
    }

    [Fact]
    public async Task A_leaving_member_hands_its_partitions_to_the_others()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();
        await using var stays = log.Subscribe("handover");
        var leaves = log.Subscribe("handover");
        Assert.NotEqual(Partitions, stays.Assignment.Count);

        await leaves.DisposeAsync();

        Assert.Equal(Enumerable.Range(0, Partitions), stays.Assignment.Order());
    }

    [Fact]
    public async Task Seek_moves_the_read_position()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();
        var positions = new List<LogPosition>();
        for (var i = 0; i < 5; i++)
        {
            positions.Add(await log.AppendAsync(1, Payload($"r{i}")));
        }

        await using var consumer = log.Subscribe("seeker");
        Assert.Equal(5, (await consumer.FetchAtLeastAsync(5)).Count);

        consumer.Seek(1, positions[3].Offset);
        Assert.Equal(["r3", "r4"], (await consumer.FetchAtLeastAsync(2)).Select(r => r.Text()));

        consumer.Seek(1, positions[0].Offset);
        Assert.Equal("r0", (await consumer.FetchAsync(1, PatientWait))[0].Text());
    }

    [Fact]
    public async Task Fetch_waits_up_to_max_wait_and_returns_empty_when_nothing_arrives()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();
        await using var consumer = log.Subscribe("patient");

        var records = await consumer.FetchAsync(10, TimeSpan.FromMilliseconds(100));

        Assert.Empty(records);
    }

    [Fact]
    public async Task A_waiting_fetch_wakes_when_a_record_is_committed()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();
        await using var consumer = log.Subscribe("waiter");

        var fetch = consumer.FetchAsync(10, PatientWait).AsTask();
        await log.AppendAsync(2, Payload("wake up"));

        // PatientWait is the timeout: returning empty would mean the append did not wake the fetch.
        Assert.Equal("wake up", Assert.Single(await fetch).Text());
    }

    [Fact]
    public async Task Fetch_arguments_are_checked()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();
        await using var consumer = log.Subscribe("args");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await consumer.FetchAsync(0, TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await consumer.FetchAsync(1, TimeSpan.FromSeconds(-1)));
    }
}
