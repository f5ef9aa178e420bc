using Tally.Client;
using Tally.Simulator.Model;
using Tally.Simulator.Planning;

namespace Tally.Simulator.Driving;

/// <summary>
/// Plays planned sessions on a device through the real SDK: a <see cref="TallyClient"/> on the
/// device's own storage directory, the shared HttpClient, the device's skewed clock; each session
/// is a foreground period, and the SDK uploads when the app goes to the background.
/// </summary>
internal sealed class DeviceDriver(SimulationSettings settings, HttpClient http, SimulationCounters counters)
{
    /// <summary>While an upload waits for its back-off (collector busy or down), how often to look again.</summary>
    private static readonly TimeSpan RetryPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Plays <paramref name="sessions"/> (one app version) and returns once the collector acknowledged all of them.</summary>
    public async Task PlayAsync(DeviceTraits device, IReadOnlyList<PlannedSession> sessions, CancellationToken cancellationToken)
    {
        if (sessions.Count == 0)
        {
            return;
        }
        var options = new TallyClientOptions(settings.Endpoint, settings.WriteKey)
        {
            StorageDirectory = Path.Combine(settings.StateDirectory, $"device-{device.Index:D6}"),
            HttpClient = http,
            TimeProvider = new DeviceClock(device.ClockSkew),
            Context = Context(device, sessions[0].AppVersion),
            // The simulator decides where sessions start (see DeviceClock).
            SessionTimeout = TimeSpan.FromTicks(1),
            // Thousands of devices share one disk; the demo needs no power-cut safety on their queues.
            FlushToDisk = false,
            StartInForeground = false,
            FlushAt = 100,
            RetryBaseDelay = TimeSpan.FromMilliseconds(200),
            RetryMaxDelay = TimeSpan.FromSeconds(5),
        };
        var client = new TallyClient(options);
        await using (client.ConfigureAwait(false))
        {
            foreach (var session in sessions)
            {
                Play(client, session, device.ClockSkew);
            }
            var stats = await DrainAsync(client, cancellationToken).ConfigureAwait(false);
            counters.Add(sessions.Count, stats.Enqueued, stats.Delivered, stats.DroppedQueueFull + stats.DroppedRejected + stats.DroppedTooLarge);
        }
    }

    private static void Play(TallyClient client, PlannedSession session, TimeSpan skew)
    {
        client.OnForeground();
        foreach (var planned in session.Events)
        {
            // The device stamps events with its own (skewed) clock.
            var timestamp = planned.Timestamp + skew;
            switch (planned.Type)
            {
                case PlannedEventType.Screen:
                    client.Screen(planned.Name, planned.Properties, timestamp);
                    break;
                case PlannedEventType.Identify:
                    client.Identify(planned.Name, planned.Properties, timestamp);
                    break;
                default:
                    client.Track(planned.Name, planned.Properties, timestamp);
                    break;
            }
        }
        client.OnBackground();
    }

    private static async Task<TallyClientStats> DrainAsync(TallyClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            await client.FlushAsync(cancellationToken).ConfigureAwait(false);
            var stats = client.Stats;
            if (stats.QueuedEvents == 0)
            {
                return stats;
            }
            await Task.Delay(RetryPoll, cancellationToken).ConfigureAwait(false);
        }
    }

    private TallyContextInfo Context(DeviceTraits device, string version) => new()
    {
        AppName = settings.App.Name,
        AppVersion = version,
        AppBuild = version.Replace(".", "", StringComparison.Ordinal),
        DeviceModel = device.Model,
        DeviceManufacturer = device.Manufacturer,
        DeviceType = settings.App.Platform == DevicePlatform.Ios ? "ios" : "android",
        OsName = settings.App.Platform == DevicePlatform.Ios ? "iOS" : "Android",
        OsVersion = device.OsVersion,
        Locale = device.Locale,
        Country = device.Country,
    };
}
