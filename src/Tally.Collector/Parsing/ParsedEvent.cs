using Tally.Core.Events;

namespace Tally.Collector.Parsing;

/// <summary>
/// An event that passed validation but is not normalised yet: its app, receive time and
/// batch-level defaults are only known once the whole request has been read.
/// Properties, traits and the raw event are ranges into the request body, not copies.
/// </summary>
internal struct ParsedEvent
{
    public int Index;
    public EventType Type;
    public string? MessageId;
    public string? AnonymousId;
    public string? UserId;
    public string? Event;
    public string? Name;
    public string? GroupId;
    public string? PreviousId;
    public DateTimeOffset? Timestamp;
    public DateTimeOffset? SentAt;
    public EventContext? Context;
    public Range Properties;
    public Range Traits;
    public Range Raw;
}
