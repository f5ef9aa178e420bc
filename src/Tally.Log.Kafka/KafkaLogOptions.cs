namespace Tally.Log.Kafka;

/// <summary>How the Kafka event log reaches its cluster and topic; bound from <c>Tally:Log:Kafka</c>.</summary>
public sealed class KafkaLogOptions
{
    public const string SectionName = "Tally:Log:Kafka";

    /// <summary>Comma-separated <c>host:port</c> list of brokers, e.g. <c>kafka-1:9092,kafka-2:9092</c>.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>The topic holding the log; one Kafka partition per log partition.</summary>
    public string Topic { get; set; } = "tally-events";

    /// <summary>Creates the topic at open when it is missing (needs the Create ACL).</summary>
    public bool CreateTopic { get; set; } = true;

    /// <summary>
    /// The log's <see cref="IEventLog.PartitionCount"/>: the partitions of a topic this log creates,
    /// and what an existing topic must have (collectors partition events by it).
    /// </summary>
    public int PartitionCount { get; set; } = 12;

    /// <summary>Replicas of each partition of a created topic; -1 for the broker's default.</summary>
    public short ReplicationFactor { get; set; } = 3;

    /// <summary>Retention of a created topic. Short: the archive keeps history.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// Prepended to a stage's group name to form the Kafka group id; empty means
    /// "<see cref="Topic"/>." so deployments on different topics never share a group.
    /// </summary>
    public string ConsumerGroupPrefix { get; set; } = "";

    /// <summary>How long an append may wait for the cluster before it fails with <see cref="LogUnavailableException"/>.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the producer gathers records into one request (group commit).</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Timeout of admin and commit requests (bounds, committed offsets, topic set-up).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long joining or leaving a group waits for the group to settle on new assignments.</summary>
    public TimeSpan RebalanceTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Records a consumer holds ahead of its fetches; bounds its memory.</summary>
    public int FetchBufferRecords { get; set; } = 10_000;

    /// <summary>
    /// Further librdkafka properties for every client, e.g. <c>security.protocol</c>, <c>sasl.*</c>,
    /// <c>ssl.*</c>. The properties the log's guarantees depend on cannot be set here.
    /// </summary>
    public Dictionary<string, string> Settings { get; set; } = [];

    internal string GroupIdFor(string group) => (ConsumerGroupPrefix.Length == 0 ? Topic + "." : ConsumerGroupPrefix) + group;
}
