namespace Tally.Core.Events;

/// <summary>
/// A normalised event: what the collector writes to the log and every later stage reads.
/// Times are UTC. <see cref="EventTime"/> is the one time all metrics bucket by
/// (see <see cref="EventTimeRule"/>).
/// </summary>
public sealed record TallyEvent
{
    public required EventType Type { get; init; }
    public required string AppId { get; init; }
    public required string MessageId { get; init; }
    public string? AnonymousId { get; init; }
    public string? UserId { get; init; }

    /// <summary>Track: the event name.</summary>
    public string? Event { get; init; }

    /// <summary>Screen and page: the screen or page name.</summary>
    public string? Name { get; init; }

    /// <summary>Group: the group id.</summary>
    public string? GroupId { get; init; }

    /// <summary>Alias: the previous id.</summary>
    public string? PreviousId { get; init; }

    /// <summary>The device's own clock reading for the event, if sent.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The device's clock when the batch was sent, if sent.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The collector's clock when the request arrived.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The corrected event time that metrics bucket by.</summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>True when the event time was more than the allowed skew in the future and was clamped.</summary>
    public bool EventTimeClamped { get; init; }

    public EventContext Context { get; init; } = EventContext.Empty;

    /// <summary><c>properties</c> as a UTF-8 JSON object, or empty when absent.</summary>
    public ReadOnlyMemory<byte> Properties { get; init; }

    /// <summary><c>traits</c> as a UTF-8 JSON object, or empty when absent.</summary>
    public ReadOnlyMemory<byte> Traits { get; init; }

    /// <summary>The user an event counts for: <c>anonymousId</c>, else <c>userId</c>.</summary>
    public string User => AnonymousId ?? UserId
        ?? throw new InvalidOperationException("A normalised event always has anonymousId or userId.");
}
