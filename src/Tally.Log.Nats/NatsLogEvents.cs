using Microsoft.Extensions.Logging;

namespace Tally.Log.Nats;

/// <summary>Log events of the NATS log, ids 2100–2199; the ids are stable (dashboards and alerts use them).</summary>
internal static partial class NatsLogEvents
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Opened NATS event log {Prefix} with {PartitionCount} partitions and {Replicas} replicas")]
    public static partial void Opened(ILogger logger, string prefix, int partitionCount, int replicas);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning,
        Message = "Group {Group}: membership heartbeat failed; partitions stay as assigned and the heartbeat is retried")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, string group);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information,
        Message = "Group {Group}: member {Member} now reads partitions [{Partitions}] ({MemberCount} members)")]
    public static partial void Assigned(ILogger logger, string group, string member, string partitions, int memberCount);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning,
        Message = "Group {Group}: could not remove member {Member}; the others take over its partitions when its membership expires")]
    public static partial void LeaveFailed(ILogger logger, Exception exception, string group, string member);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Error,
        Message = "Partition {Partition}: append failed; the record was not acknowledged")]
    public static partial void AppendFailed(ILogger logger, Exception exception, int partition);
}
