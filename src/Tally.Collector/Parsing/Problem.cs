using Tally.Core.Events;

namespace Tally.Collector.Parsing;

/// <summary>The first thing wrong with an event; later problems of the same event are not reported.</summary>
internal struct Problem
{
    public RejectReason? Reason { get; private set; }
    public string? Message { get; private set; }

    public readonly bool IsSet => Reason is not null;

    public void Set(RejectReason reason, string message)
    {
        if (Reason is null)
        {
            Reason = reason;
            Message = message;
        }
    }

    public void Set(in Problem other)
    {
        if (other.Reason is { } reason)
        {
            Set(reason, other.Message!);
        }
    }
}
