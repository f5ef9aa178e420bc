using Tally.Log.Contract;

namespace Tally.Log.Nats.Tests;

/// <summary>
/// A request the collector retries after a partial failure sends the same records again with the same
/// deduplication ids: the partitions that had stored them must not store them twice.
/// </summary>
public sealed class NatsDeduplicationTests(NatsServerFixture server) : IClassFixture<NatsServerFixture>
{
    [Fact]
    public async Task A_record_sent_again_with_its_deduplication_id_is_stored_once()
    {
        await using var underTest = new NatsLogUnderTest(server.NewLogOptions(partitionCount: 2));
        await using var log = await underTest.OpenAsync();

        await log.AppendAllAsync([new LogAppend(0, LogTestExtensions.Payload("a"), "request-1/p0")]);
        // The retry: partition 0 again (already stored), partition 1 for the first time.
        await log.AppendAllAsync([
            new LogAppend(0, LogTestExtensions.Payload("a"), "request-1/p0"),
            new LogAppend(1, LogTestExtensions.Payload("b"), "request-1/p1"),
        ]);

        var records = await log.ReadAllAsync();
        Assert.Equal(["a", "b"], records.Select(r => r.Text()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Records_without_an_id_or_with_different_ids_are_all_stored()
    {
        await using var underTest = new NatsLogUnderTest(server.NewLogOptions(partitionCount: 1));
        await using var log = await underTest.OpenAsync();

        await log.AppendAllAsync([new LogAppend(0, LogTestExtensions.Payload("a"))]);
        await log.AppendAllAsync([new LogAppend(0, LogTestExtensions.Payload("a"))]);
        await log.AppendAllAsync([new LogAppend(0, LogTestExtensions.Payload("a"), "one")]);
        await log.AppendAllAsync([new LogAppend(0, LogTestExtensions.Payload("a"), "two")]);

        Assert.Equal(4, (await log.ReadAllAsync()).Count);
    }
}
