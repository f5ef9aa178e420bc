namespace Tally.Log.Embedded;

/// <summary>
/// One record waiting in the append queue; completes with its position once committed.
/// Continuations run asynchronously so that completing a group never runs callers' code on
/// the writer loop.
/// </summary>
internal sealed class AppendRequest(int partition, ReadOnlyMemory<byte> payload)
    : TaskCompletionSource<LogPosition>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public int Partition { get; } = partition;

    /// <summary>The caller's buffer; it must stay unchanged until the append completes.</summary>
    public ReadOnlyMemory<byte> Payload { get; } = payload;

    public long FramedSize => RecordFormat.FramedSize(Payload.Length);

    /// <summary>
    /// The next record of the same all-or-nothing append (<see cref="EmbeddedEventLog.AppendAllAsync"/>): the queue
    /// holds only the first, so the writer takes them all into one group, which commits entirely or not at all.
    /// </summary>
    public AppendRequest? Next { get; init; }

    /// <summary>Where the writer placed the record; valid once its group is committed.</summary>
    public LogPosition Position { get; set; }
}
