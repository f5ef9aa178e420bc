namespace Tally.Client.Queue;

/// <summary>
/// One event as it waits for upload: its Segment JSON, ready to splice into a batch, and its
/// sequence number, which orders the queue and is what the read cursor on disk points at.
/// </summary>
internal sealed record QueuedEvent(long Sequence, byte[] Json);
