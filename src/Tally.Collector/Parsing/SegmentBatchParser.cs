using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Tally.Collector.Http;
using Tally.Core.Events;

namespace Tally.Collector.Parsing;

/// <summary>
/// Reads Segment HTTP tracking API bodies in one forward pass with <see cref="Utf8JsonReader"/>:
/// no DOM, no re-serialisation. Ids and context values become strings; properties, traits and
/// raw events stay ranges into the body until <see cref="SegmentRequest.Normalise"/> copies
/// the ones it keeps, once.
/// </summary>
/// <remarks>
/// Whole-request problems (malformed JSON, limits) throw <see cref="RequestRejectedException"/>;
/// problems of one event reject only that event.
/// </remarks>
public sealed partial class SegmentBatchParser(EventLimits limits)
{
    public EventLimits Limits { get; } = limits;

    /// <summary>
    /// Events in the last batch parsed by any thread: an SDK's batches are alike in size, so this
    /// sizes the next request's event list (a large struct) without regrowing. A racy hint only.
    /// </summary>
    private int _lastBatchEvents;

    /// <summary>Parses a <c>/v1/batch</c> body: <c>{"batch":[…], "sentAt":…, "writeKey":…, "context":…}</c>.</summary>
    /// <remarks>The result borrows <paramref name="body"/>: normalise it before the buffer is reused.</remarks>
    public SegmentRequest ParseBatch(ReadOnlyMemory<byte> body)
    {
        EnsureUtf8(body.Span);
        var request = new SegmentRequest(body, Volatile.Read(ref _lastBatchEvents));
        var reader = new Utf8JsonReader(body.Span);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new RequestRejectedException(RequestError.InvalidBody("The body must be a JSON object with a \"batch\" array."));
            }
            bool sawBatch = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("batch"u8))
                {
                    reader.Read();
                    ReadBatchArray(ref reader, request);
                    sawBatch = true;
                }
                else if (reader.ValueTextEquals("sentAt"u8))
                {
                    reader.Read();
                    var problem = default(Problem);
                    request.BatchSentAt = ReadTime(ref reader, "sentAt", ref problem);
                    request.BatchSentAtInvalid = problem.IsSet;
                }
                else if (reader.ValueTextEquals("writeKey"u8))
                {
                    reader.Read();
                    request.WriteKey = ReadWriteKey(ref reader);
                }
                else if (reader.ValueTextEquals("context"u8))
                {
                    reader.Read();
                    request.BatchContext = ReadBatchContext(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            ReadToEnd(ref reader);
            if (!sawBatch)
            {
                throw new RequestRejectedException(RequestError.InvalidBody("The body has no \"batch\" array."));
            }
            Volatile.Write(ref _lastBatchEvents, request.Events.Count);
        }
        catch (JsonException e)
        {
            throw new RequestRejectedException(RequestError.InvalidJson(e.Message));
        }
        return request;
    }

    /// <summary>Parses a single-event body (<c>/v1/track</c> and friends); the type comes from the path.</summary>
    /// <remarks>The result borrows <paramref name="body"/>: normalise it before the buffer is reused.</remarks>
    public SegmentRequest ParseSingle(ReadOnlyMemory<byte> body, EventType type)
    {
        EnsureUtf8(body.Span);
        var request = new SegmentRequest(body);
        var reader = new Utf8JsonReader(body.Span);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new RequestRejectedException(RequestError.InvalidBody("The body must be a JSON object."));
            }
            ReadEvent(ref reader, 0, request, type);
            ReadToEnd(ref reader);
        }
        catch (JsonException e)
        {
            throw new RequestRejectedException(RequestError.InvalidJson(e.Message));
        }
        return request;
    }

    /// <summary>
    /// JSON text must be UTF-8 (RFC 8259). The reader validates only the strings it decodes, while
    /// properties and traits are kept as raw bytes for the log, so the whole body is checked once
    /// (vectorised, a small fraction of the parse) lest invalid bytes reach the log's consumers;
    /// likewise escapes of unpaired surrogates, which no consumer can decode.
    /// </summary>
    private static void EnsureUtf8(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            throw new RequestRejectedException(RequestError.InvalidJson("The body is not valid UTF-8."));
        }
        if (LoneSurrogates.AnyIn(body))
        {
            throw new RequestRejectedException(RequestError.InvalidJson("The body escapes a lone UTF-16 surrogate (\\uD800-\\uDFFF without its pair)."));
        }
    }

    private void ReadBatchArray(ref Utf8JsonReader reader, SegmentRequest request)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new RequestRejectedException(RequestError.InvalidBody("\"batch\" must be an array."));
        }
        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (index == Limits.MaxBatchEvents)
            {
                throw new RequestRejectedException(new RequestError(
                    StatusCodes.Status400BadRequest, "too_many_events", $"A batch holds at most {Limits.MaxBatchEvents} events."));
            }
            ReadEvent(ref reader, index++, request, typeFromPath: null);
        }
    }

    private static string? ReadWriteKey(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new RequestRejectedException(RequestError.InvalidBody("\"writeKey\" must be a string.")),
    };

    private EventContext? ReadBatchContext(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RequestRejectedException(RequestError.InvalidBody("The batch's \"context\" must be an object."));
        }
        var fields = default(ContextFields);
        var problem = default(Problem);
        ReadContextObject(ref reader, ref fields, ref problem);
        if (problem.IsSet)
        {
            throw new RequestRejectedException(RequestError.InvalidBody($"The batch's context is invalid: {problem.Message}"));
        }
        return fields.ToContext();
    }

    /// <summary>Only one top-level value is allowed, so the reader throws on anything but whitespace after it.</summary>
    private static void ReadToEnd(ref Utf8JsonReader reader) => _ = reader.Read();
}
