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
public static class EventBatchWriter
{
    public const byte FormatVersion = 1;

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
        var contexts = new ContextBlockCache();
        foreach (var e in events)
        {
            WriteEvent(ref writer, e, contexts);
        }
    }

    private static void WriteEvent(ref Writer w, TallyEvent e, ContextBlockCache contexts)
    {
        w.Byte((byte)e.Type);
        byte flags = (byte)((e.EventTimeClamped ? 1 : 0)
            | (e.Timestamp is null ? 0 : 2)
            | (e.SentAt is null ? 0 : 4)
            | (e.Context.Latitude is null ? 0 : 8)
            | (e.Context.Longitude is null ? 0 : 16));
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
        w.String(e.AppId);
        w.String(e.MessageId);
        w.String(e.AnonymousId);
        w.String(e.UserId);
        w.String(e.Event);
        w.String(e.Name);
        w.String(e.GroupId);
        w.String(e.PreviousId);
        w.Raw(contexts.Encode(e.Context));
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

    /// <summary>
    /// The encoded context block of the last context instance seen. The collector shares one
    /// instance among the events of one device, so a batch's ~20 context strings are
    /// transcoded once instead of once per event; the bytes are the same either way.
    /// </summary>
    private sealed class ContextBlockCache
    {
        // Twenty short strings and two doubles; grows if a context is larger.
        private readonly ArrayBufferWriter<byte> _encoded = new(512);
        private EventContext? _context;

        public ReadOnlySpan<byte> Encode(EventContext context)
        {
            if (!ReferenceEquals(context, _context))
            {
                _encoded.ResetWrittenCount();
                var w = new Writer(_encoded);
                WriteContext(ref w, context);
                _context = context;
            }
            return _encoded.WrittenSpan;
        }
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

        /// <summary>Bytes already encoded by another <see cref="Writer"/>, without a length prefix.</summary>
        public void Raw(ReadOnlySpan<byte> value)
        {
            value.CopyTo(output.GetSpan(value.Length));
            output.Advance(value.Length);
        }

        public void Bytes(ReadOnlySpan<byte> value)
        {
            VarUInt((ulong)value.Length);
            value.CopyTo(output.GetSpan(value.Length));
            output.Advance(value.Length);
        }
    }
}
