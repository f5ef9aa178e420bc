using static Tally.Log.Contract.LogTestExtensions;

namespace Tally.Log.Contract;

public abstract partial class EventLogContractTests
{
    [Fact]
    public async Task Records_survive_reopening_the_log()
    {
        await using var store = await CreateLogAsync();
        await using (var log = await store.OpenAsync())
        {
            await log.AppendAsync(0, Payload("kept"));
        }

        await using (var log = await store.OpenAsync())
        {
            Assert.Equal("kept", Assert.Single(await log.ReadAllAsync()).Text());
            await log.AppendAsync(0, Payload("after"));
            Assert.Equal(["kept", "after"], (await log.ReadAllAsync()).Select(r => r.Text()));
        }
    }

    [Fact]
    public async Task Appends_started_before_dispose_are_committed_and_later_ones_are_refused()
    {
        await using var store = await CreateLogAsync();
        var log = await store.OpenAsync();
        var pending = Enumerable.Range(0, 100).Select(i => log.AppendAsync(i % Partitions, Payload($"r{i}")).AsTask()).ToList();

        await log.DisposeAsync();
        await log.DisposeAsync();

        await Task.WhenAll(pending);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(0, Payload("late")));
        await using var reopened = await store.OpenAsync();
        Assert.Equal(100, (await reopened.ReadAllAsync()).Count);
    }

    [Fact]
    public async Task A_disposed_consumer_refuses_to_fetch()
    {
        await using var store = await CreateLogAsync();
        await using var log = await store.OpenAsync();
        var consumer = log.Subscribe("short-lived");

        await consumer.DisposeAsync();
        await consumer.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await consumer.FetchAsync(1, TimeSpan.Zero));
    }

    [Fact]
    public async Task Disposing_the_log_ends_a_waiting_fetch()
    {
        await using var store = await CreateLogAsync();
        var log = await store.OpenAsync();
        var consumer = log.Subscribe("abandoned");
        var fetch = consumer.FetchAsync(1, PatientWait).AsTask();

        await log.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => fetch);
    }
}
