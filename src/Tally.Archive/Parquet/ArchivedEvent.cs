using Tally.Core.Events;

namespace Tally.Archive.Parquet;

/// <summary>An event as the archive holds it: with the log record it came from.</summary>
/// <param name="LogPartition">The log partition of the record.</param>
/// <param name="LogOffset">The offset of the record (one record holds a batch of events).</param>
public readonly record struct ArchivedEvent(TallyEvent Event, int LogPartition, long LogOffset);
