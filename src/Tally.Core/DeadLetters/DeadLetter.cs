using Tally.Core.Events;

namespace Tally.Core.DeadLetters;

/// <summary>An event rejected from an otherwise good batch, kept with its reason so it can be inspected and replayed.</summary>
/// <param name="RawEvent">The event exactly as it arrived (UTF-8 JSON).</param>
public sealed record DeadLetter(
    string AppId,
    RejectReason Reason,
    string Detail,
    DateTimeOffset ReceivedAt,
    ReadOnlyMemory<byte> RawEvent);
