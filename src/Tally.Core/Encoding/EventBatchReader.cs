using System.Buffers.Binary;
using Tally.Core.Events;

namespace Tally.Core.Encoding;

/// <summary>Reads a record written by <see cref="EventBatchWriter"/> (formats 1 and 2).</summary>
public static class EventBatchReader
{
    public static List<TallyEvent> Decode(ReadOnlyMemory<byte> record)
    {
        var reader = new Reader(record);
        byte version = reader.Byte();
        if (version is not (1 or EventBatchWriter.FormatVersion))
        {
            throw new InvalidDataException($"Unknown event batch format {version}.");
        }
        ulong count = reader.VarUInt();
        // A record holds at most one request's events; anything bigger is corruption.
        if (count > int.MaxValue || count > (ulong)record.Length)
        {
            throw new InvalidDataException($"Event batch claims {count} events in {record.Length} bytes.");
        }
        var events = new List<TallyEvent>((int)count);
        // Format 1 writes every field inline; so does the first event of any record.
        bool mayShare = version != 1;
        TallyEvent? previous = null;
        for (ulong i = 0; i < count; i++)
        {
            previous = ReadEvent(ref reader, mayShare ? previous : null);
            events.Add(previous);
        }
        if (!reader.AtEnd)
        {
            throw new InvalidDataException("Trailing bytes after the last event of a batch.");
        }
        return events;
    }

    /// <param name="previous">The event whose fields a "same as before" flag refers to; null where none may be referred to.</param>
    private static TallyEvent ReadEvent(ref Reader r, TallyEvent? previous)
    {
        var type = (EventType)r.Byte();
        if (type is < EventType.Track or > EventType.Alias)
        {
            throw new InvalidDataException($"Unknown event type {(byte)type} in a batch.");
        }
        byte flags = r.Byte();
        if (previous is null && (flags & EventFlags.SameAsPrevious) != 0)
        {
            throw new InvalidDataException($"Event flags {flags:x2} refer to a previous event that does not exist here.");
        }
        var eventTime = r.Time();
        var receivedAt = r.Time();
        DateTimeOffset? timestamp = (flags & EventFlags.HasTimestamp) != 0 ? r.Time() : null;
        DateTimeOffset? sentAt = (flags & EventFlags.HasSentAt) != 0 ? r.Time() : null;
        string appId = (flags & EventFlags.SameAppId) != 0
            ? previous!.AppId
            : r.String() ?? throw new InvalidDataException("Event without app id.");
        string messageId = r.String() ?? throw new InvalidDataException("Event without message id.");
        string? anonymousId = (flags & EventFlags.SameAnonymousId) != 0 ? previous!.AnonymousId : r.String();
        string? userId = r.String();
        string? name = r.String();
        string? screen = r.String();
        string? groupId = r.String();
        string? previousId = r.String();
        var context = (flags & EventFlags.SameContext) != 0 ? previous!.Context : ReadContext(ref r, flags);
        return new TallyEvent
        {
            Type = type,
            EventTimeClamped = (flags & EventFlags.TimeClamped) != 0,
            EventTime = eventTime,
            ReceivedAt = receivedAt,
            Timestamp = timestamp,
            SentAt = sentAt,
            AppId = appId,
            MessageId = messageId,
            AnonymousId = anonymousId,
            UserId = userId,
            Event = name,
            Name = screen,
            GroupId = groupId,
            PreviousId = previousId,
            Context = context,
            Properties = r.Bytes(),
            Traits = r.Bytes(),
        };
    }

    private static EventContext ReadContext(ref Reader r, byte flags) =>
        new()
        {
            AppName = r.String(),
            AppVersion = r.String(),
            AppBuild = r.String(),
            AppNamespace = r.String(),
            DeviceId = r.String(),
            DeviceManufacturer = r.String(),
            DeviceModel = r.String(),
            DeviceType = r.String(),
            OsName = r.String(),
            OsVersion = r.String(),
            Locale = r.String(),
            Timezone = r.String(),
            LibraryName = r.String(),
            LibraryVersion = r.String(),
            Country = r.String(),
            City = r.String(),
            Latitude = (flags & EventFlags.HasLatitude) != 0 ? r.Double() : null,
            Longitude = (flags & EventFlags.HasLongitude) != 0 ? r.Double() : null,
            SessionId = r.String(),
            Ip = r.String(),
        };

    private ref struct Reader(ReadOnlyMemory<byte> memory)
    {
        private readonly ReadOnlySpan<byte> _span = memory.Span;
        private int _pos;

        public readonly bool AtEnd => _pos == _span.Length;

        public byte Byte()
        {
            Need(1);
            return _span[_pos++];
        }

        public ulong VarUInt()
        {
            ulong result = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = Byte();
                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return result;
                }
            }
            throw new InvalidDataException("Varint longer than 10 bytes.");
        }

        public long VarInt()
        {
            ulong raw = VarUInt();
            return (long)(raw >> 1) ^ -(long)(raw & 1);
        }

        public DateTimeOffset Time()
        {
            long ms = VarInt();
            try
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new InvalidDataException($"Time {ms} ms is out of range.", e);
            }
        }

        public double Double()
        {
            Need(8);
            double value = BinaryPrimitives.ReadDoubleLittleEndian(_span[_pos..]);
            _pos += 8;
            return value;
        }

        public string? String()
        {
            ulong prefix = VarUInt();
            if (prefix == 0)
            {
                return null;
            }
            int length = Length(prefix - 1);
            string value = System.Text.Encoding.UTF8.GetString(_span.Slice(_pos, length));
            _pos += length;
            return value;
        }

        public ReadOnlyMemory<byte> Bytes()
        {
            int length = Length(VarUInt());
            // Copy: the record buffer may be pooled and reused by the log reader.
            var value = length == 0 ? ReadOnlyMemory<byte>.Empty : _span.Slice(_pos, length).ToArray();
            _pos += length;
            return value;
        }

        private readonly int Length(ulong length)
        {
            if (length > (ulong)(_span.Length - _pos))
            {
                throw new InvalidDataException("Field runs past the end of the record.");
            }
            return (int)length;
        }

        private readonly void Need(int bytes)
        {
            if (_span.Length - _pos < bytes)
            {
                throw new InvalidDataException("Record ends in the middle of a field.");
            }
        }
    }
}
