using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Tally.Bench.Payloads.Catalog;

namespace Tally.Bench.Payloads;

/// <summary>
/// Generates Segment-style mobile event batches that look like real app traffic: several
/// apps, skewed device, OS, app-version and locale mixes, sessions with lifecycle events,
/// screens, custom track events with a few property shapes, and occasional identify and
/// crash events. Fully determined by the seed and start time, so every run and every
/// benchmark sees the same bytes.
/// </summary>
public sealed partial class MobileEventGenerator
{
    public const string LibraryName = "tally-dotnet";
    public const string LibraryVersion = "1.0.0";

    // A batch of 100 events at ~500 bytes is ~50 KB; start there so the buffer rarely grows.
    private const int InitialBatchBufferBytes = 64 * 1024;

    private readonly Random _random;
    private readonly List<SimulatedDevice> _devices = [];
    private readonly int _populationSize;
    private readonly DateTime _start;

    /// <param name="seed">Same seed and start, same batches.</param>
    /// <param name="start">Device clocks start around this instant (UTC).</param>
    /// <param name="populationSize">How many devices send; a device can send several batches.</param>
    public MobileEventGenerator(int seed, DateTimeOffset start, int populationSize = 5_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(populationSize);
        _random = new Random(seed);
        _start = start.UtcDateTime;
        _populationSize = populationSize;
    }

    /// <summary>How many distinct apps the batches come from.</summary>
    public static int AppCount => AppCatalog.Apps.Values.Count;

    /// <summary>The next batch: <paramref name="eventCount"/> consecutive events of one device.</summary>
    public GeneratedBatch NextBatch(int eventCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eventCount);
        var device = PickDevice();
        var buffer = new ArrayBufferWriter<byte>(InitialBatchBufferBytes);
        long eventBytes = 0;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("batch");
            for (var i = 0; i < eventCount; i++)
            {
                var before = writer.BytesCommitted + writer.BytesPending;
                WriteNextEvent(writer, device);
                // From the second event on, the writer also emitted the separating comma.
                eventBytes += writer.BytesCommitted + writer.BytesPending - before - (i == 0 ? 0 : 1);
            }

            writer.WriteEndArray();
            // The SDK stamps sentAt with its own clock just before the upload.
            WriteTimestamp(writer, "sentAt", device.Clock.AddMilliseconds(_random.Next(200, 5_000)));
            writer.WriteEndObject();
        }

        return new GeneratedBatch(buffer.WrittenSpan.ToArray(), eventCount, device.AppIndex, eventBytes);
    }

    /// <summary>Mostly new devices at first, then more and more returning ones, like a real install base.</summary>
    private SimulatedDevice PickDevice()
    {
        var index = _random.Next(_populationSize);
        if (index < _devices.Count)
        {
            return _devices[index];
        }

        var device = NewDevice();
        _devices.Add(device);
        return device;
    }

    private SimulatedDevice NewDevice()
    {
        var app = AppCatalog.Apps.Pick(_random);
        var model = DeviceCatalog.Models.Pick(_random);
        return new SimulatedDevice
        {
            AppIndex = IndexOf(AppCatalog.Apps.Values, app),
            App = app,
            Release = app.Releases.Pick(_random),
            Model = model,
            OsVersion = model.OsVersions.Pick(_random),
            Locale = LocaleCatalog.Locales.Pick(_random),
            DeviceId = model.OsName == "iOS"
                ? NextGuid().ToString("D").ToUpperInvariant()
                : string.Create(CultureInfo.InvariantCulture, $"{_random.NextInt64():x16}"),
            AnonymousId = NextGuid(),
            OnWifi = _random.NextDouble() < 0.6,
            // Spread first events over the first hour so batches do not all share one second.
            Clock = _start.AddMilliseconds(_random.Next(3_600_000)),
        };
    }

    private static int IndexOf<T>(IReadOnlyList<T> values, T value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(values[i], value))
            {
                return i;
            }
        }

        throw new ArgumentException("The value is not in the list.", nameof(value));
    }

    /// <summary>A random (version 4) GUID drawn from the seeded generator, so ids are reproducible.</summary>
    private Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
