using Confluent.Kafka;

namespace Tally.Log.Kafka;

/// <summary>
/// librdkafka settings of the log's clients. The fixed ones carry the log's guarantees and
/// override <see cref="KafkaLogOptions.Settings"/> (which the validator refuses for them anyway).
/// </summary>
internal static class KafkaClientConfigs
{
    /// <summary>Properties the log sets itself; users may not override them.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "bootstrap.servers", "group.id", "enable.idempotence", "acks", "enable.auto.commit",
        "enable.auto.offset.store", "auto.offset.reset", "enable.partition.eof", "partition.assignment.strategy",
        "isolation.level", "message.timeout.ms", "group.protocol",
    };

    public static ProducerConfig Producer(KafkaLogOptions options) => new(Copy(options.Settings))
    {
        BootstrapServers = options.BootstrapServers,
        // Acknowledged = durable: the leader answers once every in-sync replica has the record,
        // and retries cannot duplicate or reorder records within a partition.
        EnableIdempotence = true,
        Acks = Acks.All,
        MessageTimeoutMs = (int)options.DeliveryTimeout.TotalMilliseconds,
        LingerMs = options.Linger.TotalMilliseconds,
    };

    public static ConsumerConfig Consumer(KafkaLogOptions options, string group) => new(Copy(options.Settings))
    {
        BootstrapServers = options.BootstrapServers,
        GroupId = options.GroupIdFor(group),
        // Offsets are stored only by CommitAsync: a stage commits what it has processed.
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        // A group without committed offsets starts at the oldest retained record.
        AutoOffsetReset = AutoOffsetReset.Earliest,
        // End-of-partition events tell a fetch that it has read everything committed.
        EnablePartitionEof = true,
        // Eager rebalancing: every member gets a new assignment on each rebalance, which joining
        // and leaving members wait for (KafkaGroupMembers).
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.RoundRobin,
        GroupProtocol = GroupProtocol.Classic,
        IsolationLevel = IsolationLevel.ReadCommitted,
    };

    public static AdminClientConfig Admin(KafkaLogOptions options) => new(Copy(options.Settings))
    {
        BootstrapServers = options.BootstrapServers,
    };

    // Confluent's configs keep the dictionary they are given: each client gets its own copy.
    private static Dictionary<string, string> Copy(Dictionary<string, string> settings) => new(settings, StringComparer.Ordinal);
}
