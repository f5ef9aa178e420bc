namespace Tally.Log.Kafka.Tests;

/// <summary>Topic set-up on a real broker (skipped, with the reason, when none is configured).</summary>
[RequiresKafka]
public sealed class KafkaTopicTests
{
    [Fact]
    public async Task Opening_an_existing_topic_with_another_partition_count_is_refused()
    {
        await using var store = new KafkaLogUnderTest(KafkaBroker.RequireBootstrapServers(), partitionCount: 4);
        await using (var created = await store.OpenAsync())
        {
            Assert.Equal(4, created.PartitionCount);
        }

        var options = store.Options;
        options.PartitionCount = 3;
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => KafkaEventLog.OpenAsync(options));

        Assert.Contains("Tally:Log:Kafka:PartitionCount", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_topic_is_not_created_when_creation_is_off()
    {
        await using var store = new KafkaLogUnderTest(KafkaBroker.RequireBootstrapServers(), partitionCount: 2);
        var options = store.Options;
        options.CreateTopic = false;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => KafkaEventLog.OpenAsync(options));

        Assert.Contains("CreateTopic", refused.Message, StringComparison.Ordinal);
    }
}
