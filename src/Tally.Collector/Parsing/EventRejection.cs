using Tally.Core.Events;

namespace Tally.Collector.Parsing;

/// <summary>One event of a batch that failed validation.</summary>
/// <param name="Index">Position of the event in the request's <c>batch</c> array (0 for single-event bodies).</param>
/// <param name="Raw">Where the event's raw JSON sits in the request body.</param>
public readonly record struct EventRejection(int Index, RejectReason Reason, string Message, Range Raw);
