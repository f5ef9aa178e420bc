using NATS.Client.JetStream;

namespace Tally.Log.Nats;

/// <summary>
/// Where a member reads a partition next, and the server-side reader (an ephemeral JetStream
/// consumer) positioned there. Null position: resume from the group's committed offset.
/// <see cref="ReaderEpoch"/> is the connection the reader was created on (<see cref="NatsEventLog.ConnectionEpoch"/>).
/// </summary>
internal sealed record PartitionCursor(long? Position, INatsJSConsumer? Reader, long ReaderUsedAt, int ReaderEpoch = 0)
{
    public static PartitionCursor AtCommitted => new(null, null, 0);

    public static PartitionCursor At(long offset) => new(offset, null, 0);
}
