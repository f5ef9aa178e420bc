using Tally.Core.Encoding;
using Tally.Core.Sketches;
using Tally.Core.Views;

namespace Tally.Speed.Processing;

// Format, little-endian (BinaryWriter): magic "TSPS", version 2, watermark ticks (−1 for none),
// the three filters (length-prefixed, their own formats), the property breakdown slots with their
// value summaries (version 2; version 1 held first-come value lists and is not read), then the
// open sessions in expiry order: key, SDK flag, first event (a one-event EventBatchWriter record),
// min, max and activity ticks. Everything the processor decides on is in here.
public sealed partial class PartitionProcessor
{
    private const uint Magic = 0x53505354; // "TSPS" read little-endian
    private const byte FormatVersion = 2;

    /// <summary>The complete state as of <see cref="NextOffset"/>.</summary>
    public StateSnapshot Snapshot()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Watermark?.UtcTicks ?? -1);
            WriteBlob(writer, _duplicates.ToBytes());
            WriteBlob(writer, _seenUsers.ToBytes());
            WriteBlob(writer, _closedSdkSessions.ToBytes());
            _properties.WriteTo(writer);
            writer.Write(_openSessions.Count);
            foreach (var session in _openSessions.Values.Order(OpenSessionExpiryOrder.Instance))
            {
                writer.Write(session.Key);
                writer.Write(session.IsSdkSession);
                WriteBlob(writer, EventBatchWriter.Encode([session.First]));
                writer.Write(session.Min.UtcTicks);
                writer.Write(session.Max.UtcTicks);
                writer.Write(session.Activity.UtcTicks);
            }
        }
        return new StateSnapshot(NextOffset, stream.ToArray());
    }

    /// <summary>A processor in exactly the state <paramref name="snapshot"/> was taken in.</summary>
    /// <exception cref="FormatException">The snapshot is not a speed partition state this version reads.</exception>
    public static PartitionProcessor Restore(int partition, SpeedOptions options, StateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var processor = new PartitionProcessor(partition, options, snapshot.Offset);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(snapshot.State.ToArray()), System.Text.Encoding.UTF8);
            processor.ReadState(reader);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new FormatException("Trailing bytes after a speed partition state.");
            }
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException)
        {
            throw new FormatException($"Speed state of partition {partition} is truncated or corrupt.", e);
        }
        return processor;
    }

    private void ReadState(BinaryReader reader)
    {
        if (reader.ReadUInt32() != Magic)
        {
            throw new FormatException("Not a speed partition state (bad magic).");
        }
        byte version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new FormatException(
                $"Speed partition state version {version} is not supported (expected {FormatVersion}); version 1 held first-come property values and is not read.");
        }
        long watermark = reader.ReadInt64();
        Watermark = watermark < 0 ? null : new DateTimeOffset(watermark, TimeSpan.Zero);
        _duplicates = RotatingBloomFilter.FromBytes(ReadBlob(reader));
        _seenUsers = RotatingBloomFilter.FromBytes(ReadBlob(reader));
        _lastUserAdded = default;
        _closedSdkSessions = RotatingBloomFilter.FromBytes(ReadBlob(reader));
        _properties.ReadFrom(reader);
        for (int count = reader.ReadInt32(); count > 0; count--)
        {
            string key = reader.ReadString();
            bool isSdk = reader.ReadBoolean();
            var first = EventBatchReader.Decode(ReadBlob(reader)).Single();
            var session = new OpenSession(key, isSdk, first)
            {
                Min = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
                Max = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
                Activity = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
            };
            _openSessions.Add(key, session);
            _byExpiry.Add(session);
        }
    }

    private static void WriteBlob(BinaryWriter writer, byte[] bytes)
    {
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static byte[] ReadBlob(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new FormatException($"Blob of {length} bytes runs past the end of the speed state.");
        }
        return reader.ReadBytes(length);
    }
}
