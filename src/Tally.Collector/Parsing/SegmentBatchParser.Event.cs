using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tally.Collector.Http;
using Tally.Core.Events;

namespace Tally.Collector.Parsing;

public sealed partial class SegmentBatchParser
{
    private enum EventField
    {
        Unknown,
        Type,
        MessageId,
        AnonymousId,
        UserId,
        Event,
        Name,
        GroupId,
        PreviousId,
        Timestamp,
        SentAt,
        Properties,
        Traits,
        Context,
        WriteKey,
    }

    /// <summary>Reads one element of <c>batch</c> (the reader is on its first token) and files it as parsed or rejected.</summary>
    /// <param name="typeFromPath">The type of a single-event endpoint; the body's own <c>type</c> is then ignored.</param>
    private void ReadEvent(ref Utf8JsonReader reader, int index, SegmentRequest request, EventType? typeFromPath)
    {
        int start = (int)reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            var raw = EventRange(start, ref reader);
            request.Rejections.Add(new EventRejection(index, RejectReason.NotAnObject, "A batch element must be a JSON object.", raw));
            return;
        }

        var e = new ParsedEvent { Index = index, Type = typeFromPath ?? 0 };
        var problem = default(Problem);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Lookup(ref reader);
            reader.Read();
            switch (field)
            {
                case EventField.Type when typeFromPath is null:
                    e.Type = ReadType(ref reader, ref problem);
                    break;
                case EventField.MessageId:
                    e.MessageId = ReadText(ref reader, "messageId", ref problem);
                    break;
                case EventField.AnonymousId:
                    e.AnonymousId = ReadText(ref reader, "anonymousId", request.RepeatedStrings, ref problem);
                    break;
                case EventField.UserId:
                    e.UserId = ReadText(ref reader, "userId", request.RepeatedStrings, ref problem);
                    break;
                case EventField.Event:
                    e.Event = ReadText(ref reader, "event", request.RepeatedStrings, ref problem);
                    break;
                case EventField.Name:
                    e.Name = ReadText(ref reader, "name", request.RepeatedStrings, ref problem);
                    break;
                case EventField.GroupId:
                    e.GroupId = ReadText(ref reader, "groupId", ref problem);
                    break;
                case EventField.PreviousId:
                    e.PreviousId = ReadText(ref reader, "previousId", ref problem);
                    break;
                case EventField.Timestamp:
                    e.Timestamp = ReadTime(ref reader, "timestamp", ref problem);
                    break;
                case EventField.SentAt:
                    e.SentAt = ReadTime(ref reader, "sentAt", ref problem);
                    break;
                case EventField.Properties:
                    e.Properties = ReadObject(ref reader, "properties", ref problem);
                    break;
                case EventField.Traits:
                    e.Traits = ReadObject(ref reader, "traits", ref problem);
                    break;
                case EventField.Context:
                    e.Context = ReadEventContext(ref reader, request, ref problem);
                    break;
                case EventField.WriteKey when typeFromPath is not null:
                    request.WriteKey = ReadWriteKey(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        e.Raw = EventRange(start, ref reader);

        if (e.Type == 0)
        {
            problem.Set(RejectReason.MissingType, "The event has no \"type\".");
        }
        if (e.AnonymousId is null && e.UserId is null)
        {
            problem.Set(RejectReason.MissingUser, "The event has neither \"anonymousId\" nor \"userId\".");
        }
        if (e.Type == EventType.Track && e.Event is null)
        {
            problem.Set(RejectReason.MissingEventName, "A track event needs an \"event\" name.");
        }

        if (problem.IsSet)
        {
            request.Rejections.Add(new EventRejection(index, problem.Reason!.Value, problem.Message!, e.Raw));
        }
        else
        {
            request.Events.Add(e);
        }
    }

    /// <summary>The event's bytes; an event over the size limit fails the whole request, as Segment's API does.</summary>
    private Range EventRange(int start, ref Utf8JsonReader reader)
    {
        int end = (int)reader.BytesConsumed;
        if (end - start > Limits.MaxEventBytes)
        {
            throw new RequestRejectedException(new RequestError(
                StatusCodes.Status413PayloadTooLarge, "event_too_large",
                $"Event {end - start} bytes long; the limit is {Limits.MaxEventBytes} bytes."));
        }
        return start..end;
    }

    private static EventType ReadType(ref Utf8JsonReader reader, ref Problem problem)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var name = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
                if (EventTypes.TryParse(name, out var type))
                {
                    return type;
                }
                problem.Set(RejectReason.UnknownType, "\"type\" must be one of track, screen, identify, page, group, alias.");
                return 0;
            case JsonTokenType.Null:
                return 0;
            default:
                problem.Set(RejectReason.UnknownType, "\"type\" must be a string.");
                reader.Skip();
                return 0;
        }
    }

    private static EventField Lookup(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? LookupEscaped(ref reader) : Lookup(reader.ValueSpan);

    /// <summary>Escaped property names are legal JSON but no SDK sends them: this path may be slow.</summary>
    private static EventField LookupEscaped(ref Utf8JsonReader reader)
    {
        // Every known name has at most 11 characters; fully \u-escaped that is 66 bytes.
        Span<byte> scratch = stackalloc byte[66];
        if (reader.ValueSpan.Length > scratch.Length)
        {
            return EventField.Unknown;
        }
        return Lookup(scratch[..reader.CopyString(scratch)]);
    }

    private static EventField Lookup(ReadOnlySpan<byte> name)
    {
        return name.Length switch
        {
            4 when name.SequenceEqual("type"u8) => EventField.Type,
            4 when name.SequenceEqual("name"u8) => EventField.Name,
            5 when name.SequenceEqual("event"u8) => EventField.Event,
            6 when name.SequenceEqual("userId"u8) => EventField.UserId,
            6 when name.SequenceEqual("sentAt"u8) => EventField.SentAt,
            6 when name.SequenceEqual("traits"u8) => EventField.Traits,
            7 when name.SequenceEqual("context"u8) => EventField.Context,
            7 when name.SequenceEqual("groupId"u8) => EventField.GroupId,
            8 when name.SequenceEqual("writeKey"u8) => EventField.WriteKey,
            9 when name.SequenceEqual("messageId"u8) => EventField.MessageId,
            9 when name.SequenceEqual("timestamp"u8) => EventField.Timestamp,
            10 when name.SequenceEqual("properties"u8) => EventField.Properties,
            10 when name.SequenceEqual("previousId"u8) => EventField.PreviousId,
            11 when name.SequenceEqual("anonymousId"u8) => EventField.AnonymousId,
            _ => EventField.Unknown,
        };
    }
}
