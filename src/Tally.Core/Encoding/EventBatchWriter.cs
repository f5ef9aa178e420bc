using System.Buffers;
using System.Buffers.Binary;
using Tally.Core.Events;

namespace Tally.Core.Encoding;

using static System.Text.Encoding;

/// <summary>
/// Writes normalised events as one compact binary log record:
/// <c>[format:u8][count:varint]</c>, then per event fixed-order fields, strings as
/// <c>varint(byteLength + 1)</c> + UTF-8 (0 = absent) and times as unix milliseconds.
/// Not JSON: readers never re-parse text to get at a field.
/// </summary>
/// <remarks>
/// Format 2 writes the app id, anonymous id and context of an event only when they differ from
/// the previous event's (a flag bit says "same as before"). A record is one device's upload, so
/// they rarely differ: this cuts a typical mobile event from ~350 to ~150 bytes, which is bytes
/// the log writes, fsyncs, replicates and every consumer reads, and lets readers share one
/// decoded context among a device's events. Format 1 (every field inline) is still read.
/// </remarks>
public static class EventBatchWriter
{
    public const byte FormatVersion = 2;

    // At most 3 UTF-8 bytes per UTF-16 char: 41 chars encode to at most 123 bytes, so the
    // prefix (bytes + 1) fits in one varint byte (< 128). Ids (36-char UUIDs) and names do.
    private const int MaxOneBytePrefixChars = 41;

    /// <summary>Encodes <paramref name="events"/> as one record.</summary>
    public static byte[] Encode(IReadOnlyList<TallyEvent> events)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * Math.Max(1, events.Count));
        Write(buffer, events);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(IBufferWriter<byte> output, IReadOnlyList<TallyEvent> events)
    {
        var writer = new Writer(output);
        writer.Byte(FormatVersion);
        writer.VarUInt((ulong)events.Count);
        TallyEvent? previous = null;
        foreach (var e in events)
        {
            WriteEvent(ref writer, e, previous);
            previous = e;
        }
    }

    private static void WriteEvent(ref Writer w, TallyEvent e, TallyEvent? previous)
    {
        bool sameApp = previous is not null && string.Equals(e.AppId, previous.AppId, StringComparison.Ordinal);
        bool sameAnonymousId = previous is not null && e.AnonymousId is not null
            && string.Equals(e.AnonymousId, previous.AnonymousId, StringComparison.Ordinal);
        // The collector shares one context instance among a device's events; equal copies count too.
        bool sameContext = previous is not null && (ReferenceEquals(e.Context, previous.Context) || e.Context.Equals(previous.Context));
        w.Byte((byte)e.Type);
        byte flags = (byte)((e.EventTimeClamped ? EventFlags.TimeClamped : 0)
            | (e.Timestamp is null ? 0 : EventFlags.HasTimestamp)
            | (e.SentAt is null ? 0 : EventFlags.HasSentAt)
            | (e.Context.Latitude is null ? 0 : EventFlags.HasLatitude)
            | (e.Context.Longitude is null ? 0 : EventFlags.HasLongitude)
            | (sameApp ? EventFlags.SameAppId : 0)
            | (sameAnonymousId ? EventFlags.SameAnonymousId : 0)
            | (sameContext ? EventFlags.SameContext : 0));
        w.Byte(flags);
        w.VarInt(e.EventTime.ToUnixTimeMilliseconds());
        w.VarInt(e.ReceivedAt.ToUnixTimeMilliseconds());
        if (e.Timestamp is { } ts)
        {
            w.VarInt(ts.ToUnixTimeMilliseconds());
        }
        if (e.SentAt is { } sent)
        {
            w.VarInt(sent.ToUnixTimeMilliseconds());
        }
        if (!sameApp)
        {
            w.String(e.AppId);
        }
        w.String(e.MessageId);
        if (!sameAnonymousId)
        {
            w.String(e.AnonymousId);
        }
        w.String(e.UserId);
        w.String(e.Event);
        w.String(e.Name);
        w.String(e.GroupId);
        w.String(e.PreviousId);
        if (!sameContext)
        {
            WriteContext(ref w, e.Context);
        }
        w.Bytes(e.Properties.Span);
        w.Bytes(e.Traits.Span);
    }

    private static void WriteContext(ref Writer w, EventContext c)
    {
        w.String(c.AppName);
        w.String(c.AppVersion);
        w.String(c.AppBuild);
        w.String(c.AppNamespace);
        w.String(c.DeviceId);
        w.String(c.DeviceManufacturer);
        w.String(c.DeviceModel);
        w.String(c.DeviceType);
        w.String(c.OsName);
        w.String(c.OsVersion);
        w.String(c.Locale);
        w.String(c.Timezone);
        w.String(c.LibraryName);
        w.String(c.LibraryVersion);
        w.String(c.Country);
        w.String(c.City);
        if (c.Latitude is { } lat)
        {
            w.Double(lat);
        }
        if (c.Longitude is { } lon)
        {
            w.Double(lon);
        }
        w.String(c.SessionId);
        w.String(c.Ip);
    }

    private ref struct Writer(IBufferWriter<byte> output)
    {
        public void Byte(byte value)
        {
            output.GetSpan(1)[0] = value;
            output.Advance(1);
        }

        public void VarUInt(ulong value)
        {
            var span = output.GetSpan(10);
            int i = 0;
            while (value >= 0x80)
            {
                span[i++] = (byte)(value | 0x80);
                value >>= 7;
            }
            span[i++] = (byte)value;
            output.Advance(i);
        }

        /// <summary>Zig-zag, so times before 1970 stay small too.</summary>
        public void VarInt(long value) => VarUInt((ulong)((value << 1) ^ (value >> 63)));

        public void Double(double value)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), value);
            output.Advance(8);
        }

        public void String(string? value)
        {
            if (value is null)
            {
                VarUInt(0);
                return;
            }
            if (value.Length <= MaxOneBytePrefixChars)
            {
                // One pass: transcode first, then fill in the one-byte length prefix.
                var buffer = output.GetSpan(1 + UTF8.GetMaxByteCount(value.Length));
                int written = UTF8.GetBytes(value, buffer[1..]);
                buffer[0] = (byte)(written + 1);
                output.Advance(1 + written);
                return;
            }
            int bytes = UTF8.GetByteCount(value);
            VarUInt((ulong)bytes + 1);
            var span = output.GetSpan(bytes);
            UTF8.GetBytes(value, span);
            output.Advance(bytes);
        }

        public void Bytes(ReadOnlySpan<byte> value)
        {
            VarUInt((ulong)value.Length);
            value.CopyTo(output.GetSpan(value.Length));
            output.Advance(value.Length);
        }
    }
}
