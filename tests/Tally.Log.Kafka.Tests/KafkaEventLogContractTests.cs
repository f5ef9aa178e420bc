using Tally.Log.Contract;

namespace Tally.Log.Kafka.Tests;

/// <summary>The event-log contract on a real broker (skipped, with the reason, when none is configured).</summary>
[RequiresKafka]
public sealed class KafkaEventLogContractTests : EventLogContractTests
{
    protected override Task<LogUnderTest> CreateLogAsync(int partitionCount = Partitions) =>
        Task.FromResult<LogUnderTest>(new KafkaLogUnderTest(KafkaBroker.RequireBootstrapServers(), partitionCount));
}
