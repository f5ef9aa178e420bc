using Microsoft.Extensions.Logging;

namespace Tally.Log.Kafka;

/// <summary>Log events of the Kafka event log, ids 2200–2299; the ids are stable (dashboards and alerts use them).</summary>
internal static partial class KafkaLogEvents
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information,
        Message = "Opened Kafka event log on topic {Topic} with {PartitionCount} partitions (created: {Created})")]
    public static partial void Opened(ILogger logger, string topic, int partitionCount, bool created);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information,
        Message = "Consumer group {Group}: this member was assigned partitions {Partitions}")]
    public static partial void Assigned(ILogger logger, string group, string partitions);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning,
        Message = "Consumer group {Group}: the group did not settle within {Timeout}; assignments may still change")]
    public static partial void RebalanceSlow(ILogger logger, string group, TimeSpan timeout);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Kafka client {Client}: {Reason} ({Code})")]
    public static partial void ClientError(ILogger logger, string client, string reason, Confluent.Kafka.ErrorCode code);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Error,
        Message = "Consumer group {Group}: the consumer stopped with a fatal error; fetches fail until it is re-subscribed")]
    public static partial void ConsumerFaulted(ILogger logger, Exception exception, string group);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning,
        Message = "Consumer group {Group}: could not seek partition {Partition} yet; retrying")]
    public static partial void SeekDeferred(ILogger logger, Exception exception, string group, int partition);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Warning,
        Message = "Consumer group {Group}: leaving the group cleanly failed; the broker removes the member after its session times out")]
    public static partial void CloseFailed(ILogger logger, Exception exception, string group);

    [LoggerMessage(EventId = 2209, Message = "librdkafka {Client} {Facility}: {Message}")]
    public static partial void Library(ILogger logger, LogLevel level, string client, string facility, string message);
}
