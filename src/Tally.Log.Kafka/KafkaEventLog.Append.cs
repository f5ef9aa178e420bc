using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Tally.Log.Kafka;

public sealed partial class KafkaEventLog
{
    /// <summary>
    /// Completes when every in-sync replica has the record (acks=all). A failure means the record
    /// may or may not be in the log; with the idempotent producer a retried append never duplicates
    /// within the producer's session, but an append retried by the caller after a failure may.
    /// </summary>
    public async ValueTask<LogPosition> AppendAsync(int partition, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        ValidatePartition(partition);
        ObjectDisposedException.ThrowIf(!_appends.TryEnter(), this);
        try
        {
            var delivered = await _producer.ProduceAsync(new TopicPartition(Topic, partition), new Message<Null, byte[]> { Value = AsArray(record) }, cancellationToken)
                .ConfigureAwait(false);
            return new LogPosition(partition, delivered.Offset.Value);
        }
        catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.MsgSizeTooLarge)
        {
            throw new LogException($"A record of {record.Length} bytes is larger than topic '{Topic}' accepts (message.max.bytes).", e);
        }
        catch (KafkaException e)
        {
            throw new LogUnavailableException($"Kafka did not acknowledge the record for partition {partition} of '{Topic}': {e.Error.Reason}", e);
        }
        finally
        {
            _appends.Exit();
        }
    }

    /// <summary>The producer takes arrays: a record that is a whole array is not copied.</summary>
    private static byte[] AsArray(ReadOnlyMemory<byte> record) =>
        MemoryMarshal.TryGetArray(record, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : record.ToArray();
}
