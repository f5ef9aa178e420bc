using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Tally.Log.Contract;

namespace Tally.Log.Kafka.Tests;

/// <summary>A topic of its own (and consumer groups prefixed with its name), all deleted afterwards.</summary>
internal sealed class KafkaLogUnderTest(string bootstrapServers, int partitionCount) : LogUnderTest
{
    private readonly string _topic = $"tally-test-{Guid.NewGuid():N}";

    public KafkaLogOptions Options => new()
    {
        BootstrapServers = bootstrapServers,
        Topic = _topic,
        PartitionCount = partitionCount,
        // Test brokers are usually a single node.
        ReplicationFactor = 1,
        ConsumerGroupPrefix = _topic + ".",
    };

    public override async Task<IEventLog> OpenAsync() => await KafkaEventLog.OpenAsync(Options);

    public override async ValueTask DisposeAsync()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var groups = (await admin.ListConsumerGroupsAsync()).Valid
            .Select(g => g.GroupId)
            .Where(g => g.StartsWith(_topic + ".", StringComparison.Ordinal))
            .ToList();
        if (groups.Count > 0)
        {
            await admin.DeleteGroupsAsync(groups);
        }
        try
        {
            await admin.DeleteTopicsAsync([_topic]);
        }
        catch (DeleteTopicsException e) when (e.Results.All(r => r.Error.Code == ErrorCode.UnknownTopicOrPart))
        {
            // The test never opened the log.
        }
    }
}
