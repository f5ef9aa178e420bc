using Tally.Log.Contract;

namespace Tally.Log.Nats.Tests;

/// <summary>Members in different log instances (as in different processes) find each other through the members bucket.</summary>
public sealed class NatsMembershipTests(NatsServerFixture server) : IClassFixture<NatsServerFixture>
{
    [Fact]
    public async Task Members_of_two_instances_split_the_partitions_and_one_takes_all_when_the_other_leaves()
    {
        await using var store = new NatsLogUnderTest(server.NewLogOptions(partitionCount: 4));
        await using var first = await store.OpenAsync();
        await using var second = await store.OpenAsync();
        await using var stays = first.Subscribe("across");
        var leaves = second.Subscribe("across");
        // A fetch waits for the member's first heartbeat, so each knows the group from then on.
        await stays.FetchAsync(1, TimeSpan.Zero);
        await leaves.FetchAsync(1, TimeSpan.Zero);

        await WaitUntilAsync(() => stays.Assignment.Count + leaves.Assignment.Count == 4
            && !stays.Assignment.Intersect(leaves.Assignment).Any() && stays.Assignment.Count == 2);

        await leaves.DisposeAsync();
        await WaitUntilAsync(() => stays.Assignment.Count == 4);
        Assert.Equal(Enumerable.Range(0, 4), stays.Assignment.Order());
    }

    [Fact]
    public async Task A_member_of_another_instance_reads_from_the_committed_offset()
    {
        await using var store = new NatsLogUnderTest(server.NewLogOptions(partitionCount: 1));
        await using var writer = await store.OpenAsync();
        for (var i = 0; i < 4; i++)
        {
            await writer.AppendAsync(0, LogTestExtensions.Payload($"r{i}"));
        }

        await using (var firstReader = writer.Subscribe("handoff"))
        {
            var firstTwo = await firstReader.FetchAtLeastAsync(2);
            await firstReader.CommitAsync(new Dictionary<int, long> { [0] = firstTwo[1].NextOffset });
        }

        await using var other = await store.OpenAsync();
        await using var secondReader = other.Subscribe("handoff");
        Assert.Equal(["r2", "r3"], (await secondReader.FetchAtLeastAsync(2)).Select(r => r.Text()));
    }

    /// <summary>Heartbeats run every 200 ms in these tests; the deadline only stops a broken build.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(LogTestExtensions.PatientWait);
        while (!condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
