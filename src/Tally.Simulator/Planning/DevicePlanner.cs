using Tally.Simulator.Model;

namespace Tally.Simulator.Planning;

/// <summary>
/// Plans what simulated devices do, from the seed alone: which days a device is used (retention
/// decaying with its age, weekly rhythm), its sessions (time of day in the user's time zone,
/// log-normal lengths), their screens and custom events, crashes and offline days.
/// </summary>
/// <param name="app">The app the devices run.</param>
/// <param name="seed">Same seed, same plan.</param>
/// <param name="firstDay">The UTC date of day 0 of the window.</param>
/// <param name="crashRate">Chance that a session ends in a crash (higher on x.y.0 releases, lower on patches).</param>
public sealed class DevicePlanner(AppProfile app, long seed, DateOnly firstDay, double crashRate)
{
    /// <summary>Offsets a live session's random stream from the history's days.</summary>
    private const long LiveStream = -1;

    /// <summary>How likely each local hour of the day is to start a session: a morning, lunch and evening peak.</summary>
    private static readonly double[] HourWeights =
        [1, 0.5, 0.3, 0.2, 0.3, 0.8, 2.5, 5, 6, 5, 4, 4, 5, 5, 4, 4, 4, 5, 6, 7, 8, 7, 5, 2.5];

    private readonly long _appKey = StableRandom.Key(app.Name);

    public AppProfile App => app;

    public DateOnly FirstDay => firstDay;

    /// <summary>What <paramref name="device"/> does on day <paramref name="day"/>; sessions may spill into the next UTC day.</summary>
    public DayPlan PlanDay(DeviceTraits device, int day)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (day < device.JoinDay)
        {
            return new DayPlan(day, [], 0);
        }
        var random = StableRandom.For(seed, _appKey, device.Index, day);
        var date = firstDay.AddDays(day);
        double usage = Retention.ReturnProbability(day - device.JoinDay) * device.Engagement
            * (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? app.WeekendFactor : 1);
        if (day > device.JoinDay && !random.Chance(usage))
        {
            return new DayPlan(day, [], 0);
        }

        int count = 1;
        while (count < 6 && random.Chance(0.35 * Math.Min(device.Engagement, 1.5)))
        {
            count++;
        }
        var starts = new List<DateTimeOffset>(count);
        var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        for (int i = 0; i < count; i++)
        {
            int localHour = random.PickWeighted(HourWeights.Select((w, h) => (h, w)).ToList());
            starts.Add(midnight.AddHours(localHour - device.UtcOffsetHours).AddSeconds(random.Next(3600)));
        }
        starts.Sort();

        string version = VersionRollout.VersionOn(app, device, day);
        var sessions = new List<PlannedSession>(count);
        var notBefore = DateTimeOffset.MinValue;
        foreach (var start in starts)
        {
            // Sessions never overlap: one app, one foreground.
            var session = PlanSession(random, device, version, start > notBefore ? start : notBefore, firstEver: day == device.JoinDay && sessions.Count == 0);
            sessions.Add(session);
            notBefore = session.End.AddMinutes(2);
        }
        int uploadDelay = random.Chance(device.OfflineProneness) ? random.Next(1, 4) : 0;
        return new DayPlan(day, sessions, uploadDelay);
    }

    /// <summary>
    /// The <paramref name="sequence"/>-th live session of <paramref name="device"/>, ending at
    /// <paramref name="now"/> (the SDK uploads when the app goes to the background) or, when the
    /// device was offline, hours earlier. <paramref name="firstEver"/>: the app was just installed.
    /// </summary>
    public PlannedSession PlanLiveSession(DeviceTraits device, long sequence, DateTimeOffset now, bool firstEver)
    {
        ArgumentNullException.ThrowIfNull(device);
        var random = StableRandom.For(seed, _appKey, device.Index, LiveStream, sequence);
        var end = !firstEver && random.Chance(device.OfflineProneness) ? now.AddMinutes(-random.Next(60, 6 * 60)) : now;
        int day = (int)(end.UtcDateTime.Date - firstDay.ToDateTime(TimeOnly.MinValue)).TotalDays;
        var session = PlanSession(random, device, VersionRollout.VersionOn(app, device, day), end, firstEver);
        var shift = end - session.End;
        return session with { Events = [.. session.Events.Select(e => e with { Timestamp = e.Timestamp + shift })] };
    }

    private PlannedSession PlanSession(Random random, DeviceTraits device, string version, DateTimeOffset start, bool firstEver)
    {
        var events = new List<PlannedEvent>();
        var time = start;
        events.Add(new(PlannedEventType.Track, "Application Opened", time, new Dictionary<string, object?> { ["from_background"] = !firstEver }));
        if (firstEver)
        {
            events.Add(new(PlannedEventType.Track, "Application Installed", time, new Dictionary<string, object?> { ["version"] = version }));
            if (device.UserId is { } userId)
            {
                events.Add(new(PlannedEventType.Identify, userId, time, new Dictionary<string, object?> { ["plan"] = random.Chance(0.2) ? "pro" : "free" }));
            }
        }

        int screens = (int)Math.Clamp(Math.Round(random.LogNormal(4, 0.6)), 1, 25);
        var length = TimeSpan.FromSeconds(Math.Clamp(random.LogNormal(110, 0.8), 10, 1800));
        var step = length / (screens + 1);
        for (int i = 0; i < screens; i++)
        {
            time += step * (0.5 + random.NextDouble());
            events.Add(new(PlannedEventType.Screen, random.PickWeighted(app.Screens), time, null));
            if (random.Chance(0.35))
            {
                var custom = random.PickWeighted(app.Events.Select(e => (e, e.Weight)).ToList());
                time += TimeSpan.FromSeconds(random.Next(1, 20));
                events.Add(new(PlannedEventType.Track, custom.Name, time, EventProperties.Draw(random, custom.Properties, device)));
            }
        }

        // New minor releases crash more; their patch releases fix most of it.
        double crashChance = crashRate * (version.EndsWith(".0", StringComparison.Ordinal) ? 1.6 : 0.6);
        if (random.Chance(crashChance))
        {
            time += TimeSpan.FromSeconds(random.Next(1, 30));
            events.Add(new(PlannedEventType.Track, Client.TallyClient.CrashEventName, time, new Dictionary<string, object?>
            {
                ["exceptionType"] = random.Pick(CrashTypes),
                ["message"] = "Simulated crash",
            }));
        }
        return new PlannedSession(version, events);
    }

    private static readonly string[] CrashTypes =
        ["System.NullReferenceException", "System.InvalidOperationException", "System.IndexOutOfRangeException", "System.OutOfMemoryException"];
}
