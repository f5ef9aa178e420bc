using System.Runtime.InteropServices;
using Tally.Core.DeadLetters;
using Tally.Core.Events;

namespace Tally.Collector.Parsing;

/// <summary>
/// A parsed request, before it is known which app it belongs to (the write key may be in the
/// body). Borrows the request body: call <see cref="Normalise"/> before the body buffer is reused.
/// </summary>
public sealed class SegmentRequest
{
    /// <param name="expectedEvents">Capacity for the parsed events, so a typical batch fills its list without regrowing.</param>
    internal SegmentRequest(ReadOnlyMemory<byte> body, int expectedEvents = 0)
    {
        Body = body;
        Events = new List<ParsedEvent>(expectedEvents);
    }

    /// <summary>The body's <c>writeKey</c>, if it had one.</summary>
    public string? WriteKey { get; internal set; }

    /// <summary>Number of events in the request, good and bad.</summary>
    public int EventCount => Events.Count + Rejections.Count;

    internal ReadOnlyMemory<byte> Body { get; }
    internal DateTimeOffset? BatchSentAt { get; set; }
    internal bool BatchSentAtInvalid { get; set; }
    internal EventContext? BatchContext { get; set; }
    internal List<ParsedEvent> Events { get; }
    internal List<EventRejection> Rejections { get; } = [];

    /// <summary>Ids and names seen so far in this request, to share instead of allocating again.</summary>
    internal RepeatedStrings RepeatedStrings { get; } = new();

    /// <summary>The most recently parsed event context and where its JSON is, to reuse for identical ones.</summary>
    internal EventContext? LastContext { get; set; }
    internal Range LastContextRaw { get; set; }

    /// <summary>
    /// Stamps the app and receive time, resolves event times (clock-skew fix), assigns missing
    /// message ids, applies batch-level defaults, and copies what is kept out of the body.
    /// </summary>
    public NormalisedRequest Normalise(string appId, DateTimeOffset receivedAt)
    {
        var body = Body.Span;
        var accepted = new List<TallyEvent>(Events.Count);
        var rejected = new List<RejectedEvent>(Rejections.Count);
        foreach (var r in Rejections)
        {
            rejected.Add(Reject(r.Index, r.Reason, r.Message, r.Raw));
        }

        EventContext? lastOwn = null;
        var lastMerged = EventContext.Empty;
        foreach (ref readonly var e in CollectionsMarshal.AsSpan(Events))
        {
            if (e.SentAt is null && BatchSentAtInvalid)
            {
                rejected.Add(Reject(e.Index, RejectReason.InvalidTimestamp, "The batch's \"sentAt\" must be an ISO-8601 date-time.", e.Raw));
                continue;
            }
            var sentAt = e.SentAt ?? BatchSentAt;
            var (eventTime, clamped) = EventTimeRule.Resolve(e.Timestamp, sentAt, receivedAt);
            if (BatchContext is null)
            {
                lastMerged = e.Context ?? EventContext.Empty;
            }
            else if (lastOwn is null || !ReferenceEquals(lastOwn, e.Context))
            {
                // Contexts of one device are one shared instance (see the parser), so merge once per instance.
                lastOwn = e.Context;
                lastMerged = EventContextDefaults.Merge(e.Context, BatchContext);
            }
            accepted.Add(new TallyEvent
            {
                Type = e.Type,
                AppId = appId,
                MessageId = e.MessageId ?? Guid.NewGuid().ToString("N"),
                AnonymousId = e.AnonymousId,
                UserId = e.UserId,
                Event = e.Event,
                Name = e.Name,
                GroupId = e.GroupId,
                PreviousId = e.PreviousId,
                Timestamp = e.Timestamp,
                SentAt = sentAt,
                ReceivedAt = receivedAt,
                EventTime = eventTime,
                EventTimeClamped = clamped,
                Context = lastMerged,
                Properties = Copy(body, e.Properties),
                Traits = Copy(body, e.Traits),
            });
        }
        if (BatchSentAtInvalid)
        {
            rejected.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        }
        return new NormalisedRequest(accepted, rejected);

        RejectedEvent Reject(int index, RejectReason reason, string message, Range raw) =>
            new(index, new DeadLetter(appId, reason, message, receivedAt, Body[raw].ToArray()));
    }

    private static ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> body, Range range)
    {
        var bytes = body[range];
        return bytes.IsEmpty ? ReadOnlyMemory<byte>.Empty : bytes.ToArray();
    }
}

/// <summary>The outcome of one request: events to append and events to dead-letter.</summary>
public sealed record NormalisedRequest(IReadOnlyList<TallyEvent> Accepted, IReadOnlyList<RejectedEvent> Rejected);

/// <summary>A rejected event and its position in the request's batch.</summary>
public sealed record RejectedEvent(int Index, DeadLetter Letter);
