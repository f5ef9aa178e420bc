using System.Globalization;
using System.Text.Json;
using Tally.Bench.Payloads.Catalog;

namespace Tally.Bench.Payloads;

public sealed partial class MobileEventGenerator
{
    // Per-event odds inside a session, in the ballpark of production mobile analytics.
    private const double CrashOdds = 0.002;
    private const double SignInOdds = 0.01;
    private const double ScreenOdds = 0.35;

    private void WriteNextEvent(Utf8JsonWriter writer, SimulatedDevice device)
    {
        if (device.EventsLeftInSession == 0)
        {
            StartSession(device);
            if (device.Installed)
            {
                WriteLifecycle(writer, device, "Application Opened", fromBackground: _random.NextDouble() < 0.7);
            }
            else
            {
                device.Installed = true;
                WriteLifecycle(writer, device, "Application Installed", fromBackground: null);
            }

            return;
        }

        device.EventsLeftInSession--;
        if (device.EventsLeftInSession == 0)
        {
            WriteTrack(writer, device, "Application Backgrounded", static (_, _) => { });
            return;
        }

        var roll = _random.NextDouble();
        if (roll < CrashOdds)
        {
            // A crash ends the session: the next event is a cold start.
            device.EventsLeftInSession = 0;
            WriteTrack(writer, device, "Application Crashed", WriteCrashProperties);
        }
        else if (roll < CrashOdds + SignInOdds && device.UserId is null)
        {
            device.UserId = string.Create(CultureInfo.InvariantCulture, $"u_{_random.Next(1, 50_000_000)}");
            WriteIdentify(writer, device);
        }
        else if (roll < CrashOdds + SignInOdds + ScreenOdds)
        {
            WriteScreen(writer, device);
        }
        else
        {
            var kind = device.App.TrackEvents.Pick(_random);
            WriteTrack(writer, device, kind.Name, (w, d) => WriteTrackProperties(w, d, kind.Shape));
        }
    }

    private void StartSession(SimulatedDevice device)
    {
        // Back from background after more than the SDK's 30 s session gap, at most a few hours later.
        device.Clock = device.Clock.AddSeconds(_random.Next(31, 3 * 3_600));
        device.SessionId = new DateTimeOffset(device.Clock).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        // Sessions of a handful to a few dozen events, most of them short.
        device.EventsLeftInSession = 4 + (int)(-Math.Log(1 - _random.NextDouble()) * 20);
        device.OnWifi = _random.NextDouble() < 0.6;
        device.CurrentScreen = device.App.Screens.Values[0];
    }

    private void WriteLifecycle(Utf8JsonWriter writer, SimulatedDevice device, string name, bool? fromBackground) =>
        WriteTrack(writer, device, name, (w, d) =>
        {
            if (fromBackground is { } background)
            {
                w.WriteBoolean("from_background", background);
            }

            w.WriteString("version", d.Release.Version);
            w.WriteString("build", d.Release.Build);
        });

    private void WriteTrack(
        Utf8JsonWriter writer,
        SimulatedDevice device,
        string name,
        Action<Utf8JsonWriter, SimulatedDevice> writeProperties)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "track");
        writer.WriteString("event", name);
        WriteIdentity(writer, device);
        writer.WriteStartObject("properties");
        writeProperties(writer, device);
        writer.WriteEndObject();
        WriteContext(writer, device);
        writer.WriteEndObject();
    }

    private void WriteScreen(Utf8JsonWriter writer, SimulatedDevice device)
    {
        var previous = device.CurrentScreen;
        device.CurrentScreen = device.App.Screens.Pick(_random);
        writer.WriteStartObject();
        writer.WriteString("type", "screen");
        writer.WriteString("name", device.CurrentScreen);
        WriteIdentity(writer, device);
        writer.WriteStartObject("properties");
        writer.WriteString("previous", previous);
        writer.WriteEndObject();
        WriteContext(writer, device);
        writer.WriteEndObject();
    }

    private void WriteIdentify(Utf8JsonWriter writer, SimulatedDevice device)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "identify");
        WriteIdentity(writer, device);
        writer.WriteStartObject("traits");
        writer.WriteString("plan", _random.NextDouble() < 0.15 ? "premium" : "free");
        writer.WriteString("signupMethod", Pick(["apple", "google", "email", "facebook"]));
        writer.WriteString("ageRange", Pick(["18-24", "25-34", "35-44", "45-54", "55+"]));
        writer.WriteBoolean("pushEnabled", _random.NextDouble() < 0.5);
        writer.WriteEndObject();
        WriteContext(writer, device);
        writer.WriteEndObject();
    }

    /// <summary>The ids and time every event carries; advances the device clock.</summary>
    private void WriteIdentity(Utf8JsonWriter writer, SimulatedDevice device)
    {
        writer.WriteString("messageId", NextGuid());
        writer.WriteString("anonymousId", device.AnonymousId);
        if (device.UserId is null)
        {
            writer.WriteNull("userId");
        }
        else
        {
            writer.WriteString("userId", device.UserId);
        }

        WriteTimestamp(writer, "timestamp", device.Clock);
        // Users act every half second to quarter minute while the app is open.
        device.Clock = device.Clock.AddMilliseconds(_random.Next(500, 15_000));
    }

    private static void WriteContext(Utf8JsonWriter writer, SimulatedDevice device)
    {
        writer.WriteStartObject("context");

        writer.WriteStartObject("app");
        writer.WriteString("name", device.App.Name);
        writer.WriteString("version", device.Release.Version);
        writer.WriteString("build", device.Release.Build);
        writer.WriteString("namespace", device.App.Namespace);
        writer.WriteEndObject();

        writer.WriteStartObject("device");
        writer.WriteString("id", device.DeviceId);
        writer.WriteString("manufacturer", device.Model.Manufacturer);
        writer.WriteString("model", device.Model.Model);
        writer.WriteString("type", device.Model.Type);
        writer.WriteEndObject();

        writer.WriteStartObject("os");
        writer.WriteString("name", device.Model.OsName);
        writer.WriteString("version", device.OsVersion);
        writer.WriteEndObject();

        writer.WriteString("locale", device.Locale.Locale);
        writer.WriteString("timezone", device.Locale.Timezone);

        writer.WriteStartObject("library");
        writer.WriteString("name", LibraryName);
        writer.WriteString("version", LibraryVersion);
        writer.WriteEndObject();

        writer.WriteStartObject("location");
        writer.WriteString("country", device.Locale.Country);
        writer.WriteEndObject();

        writer.WriteString("sessionId", device.SessionId);

        // The carrier only matters (and is only reported) when the device is on cellular.
        writer.WriteStartObject("network");
        if (device.OnWifi)
        {
            writer.WriteBoolean("wifi", true);
        }
        else
        {
            writer.WriteBoolean("cellular", true);
            writer.WriteString("carrier", device.Locale.Carrier);
        }

        writer.WriteEndObject();

        writer.WriteStartObject("screen");
        writer.WriteNumber("width", device.Model.ScreenWidth);
        writer.WriteNumber("height", device.Model.ScreenHeight);
        // Android SDKs report the density; iOS ones do not.
        if (device.Model.Type == "android")
        {
            writer.WriteNumber("density", device.Model.ScreenDensity);
        }

        writer.WriteEndObject();

        writer.WriteEndObject();
    }

    /// <summary>ISO-8601 UTC with milliseconds, fixed width, as the Segment SDKs send it.</summary>
    private static void WriteTimestamp(Utf8JsonWriter writer, string name, DateTime utc)
    {
        Span<byte> text = stackalloc byte[32];
        utc.TryFormat(text, out var length, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..length]);
    }

    private string Pick(ReadOnlySpan<string> values) => values[_random.Next(values.Length)];
}
