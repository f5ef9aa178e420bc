using Confluent.Kafka;

namespace Tally.Log.Kafka;

internal sealed partial class KafkaLogConsumer
{
    /// <summary>A partition this member owns. Mutated under <see cref="_gate"/>.</summary>
    private sealed class PartitionState(long epoch)
    {
        /// <summary>The read position callers asked for (bumped by Seek).</summary>
        public long RequestedEpoch { get; set; } = epoch;

        /// <summary>The read position the Kafka consumer is at (caught up with RequestedEpoch once the seek is applied).</summary>
        public long PositionEpoch { get; set; } = epoch;

        /// <summary>Everything up to the partition's end at the last fetch response has been buffered.</summary>
        public bool AtEnd { get; set; }

        /// <summary>The offset after the last record buffered (or the end reported), valid once <see cref="AtEnd"/> was set.</summary>
        public long NextOffset { get; set; }
    }

    private readonly record struct BufferedRecord(long Epoch, LogRecord Record);

    /// <summary>A seek the poll thread has not applied yet; superseded by a newer one for the partition.</summary>
    private sealed class PendingSeek(long offset, long epoch)
    {
        public long Offset { get; } = offset;

        public long Epoch { get; } = epoch;

        /// <summary>A deferred attempt was logged already (one warning per seek).</summary>
        public bool Warned { get; set; }
    }

    private sealed class PendingCommit(List<TopicPartitionOffset> offsets)
    {
        public List<TopicPartitionOffset> Offsets { get; } = offsets;

        public TaskCompletionSource Completion { get; } = NewSignal();
    }
}
