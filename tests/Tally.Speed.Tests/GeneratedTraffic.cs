using System.Text;
using Tally.Core.Events;

namespace Tally.Speed.Tests;

/// <summary>
/// A reproducible stream of events: several apps and users, each user active in bursts (one
/// session each) separated by more than the 30-minute gap; half the users send the SDK's
/// sessionId, half are sessionized by the gap. Events within a burst are shuffled (out of order),
/// some are crashes, some are re-sent later with the same messageId (duplicates). Every burst lies
/// within one hour, so a session's hour does not depend on which of its events came first.
/// </summary>
internal sealed class GeneratedTraffic
{
    public static readonly DateTimeOffset Start = new(2025, 3, 10, 0, 0, 0, TimeSpan.Zero);
    public static readonly string[] Apps = ["app-a", "app-b", "app-c"];
    public static readonly string[] EventNames = ["Purchase", "Level Up", "Share"];
    public static readonly string[] Plans = ["free", "pro", "team"];

    private GeneratedTraffic(List<TallyEvent> unique, List<List<TallyEvent>> records)
    {
        Unique = unique;
        Records = records;
    }

    /// <summary>Every distinct event once, in no particular order.</summary>
    public IReadOnlyList<TallyEvent> Unique { get; }

    /// <summary>The log records (each a list of events), in log order, duplicates included.</summary>
    public IReadOnlyList<List<TallyEvent>> Records { get; }

    public static GeneratedTraffic Create(int seed, int usersPerApp = 12, int burstsPerUser = 4)
    {
        var random = new Random(seed);
        var bursts = new List<(DateTimeOffset Start, List<TallyEvent> Events)>();
        var unique = new List<TallyEvent>();
        int message = 0;
        foreach (string app in Apps)
        {
            for (int u = 0; u < usersPerApp; u++)
            {
                string user = $"{app}-user-{u}";
                bool sdkSessions = u % 2 == 0;
                // First bursts spread over the first hours so new users fall into several buckets.
                var hour = Start.AddHours(random.Next(0, 4));
                for (int b = 0; b < burstsPerUser; b++)
                {
                    var burstStart = hour.AddMinutes(random.Next(0, 40));
                    int count = random.Next(1, 7);
                    var events = new List<TallyEvent>();
                    for (int i = 0; i < count; i++)
                    {
                        var time = burstStart.AddSeconds(random.Next(0, 15 * 60));
                        bool crash = random.Next(20) == 0;
                        var e = Event(app, user, $"m{seed}-{message++}", time,
                            crash ? Core.Metrics.Metrics.CrashEventName : EventNames[random.Next(EventNames.Length)],
                            sdkSessions ? $"s-{b}" : null, Plans[random.Next(Plans.Length)], random.Next(4));
                        events.Add(e);
                        unique.Add(e);
                    }
                    bursts.Add((burstStart, events));
                    // A burst ends before minute 55 of its hour; starting two hours on leaves more than the gap.
                    hour = ViewHour(burstStart).AddHours(2 + random.Next(0, 3));
                }
            }
        }

        var records = new List<List<TallyEvent>>();
        var resend = new List<TallyEvent>();
        foreach (var (_, events) in bursts.OrderBy(b => b.Start))
        {
            var shuffled = events.OrderBy(_ => random.Next()).ToList();
            // An upload may be split over records and be retried: split it and re-send some events later.
            int split = random.Next(0, shuffled.Count + 1);
            AddRecord(records, shuffled[..split], resend, random);
            AddRecord(records, shuffled[split..], resend, random);
            resend.AddRange(shuffled.Where(_ => random.Next(8) == 0));
        }
        AddRecord(records, resend, [], random);
        return new GeneratedTraffic(unique, records);
    }

    /// <summary>One event a day after everything else, in its own app: moves every partition's watermark past all sessions.</summary>
    public static List<TallyEvent> Flush(string user) =>
        [Event("app-flush", user, $"flush-{user}", Start.AddDays(2), "Flush", null, "free", 0)];

    private static void AddRecord(List<List<TallyEvent>> records, List<TallyEvent> events, List<TallyEvent> resend, Random random)
    {
        var record = new List<TallyEvent>(events);
        // Resent copies ride along with later uploads.
        if (resend.Count > 0 && random.Next(3) == 0)
        {
            record.AddRange(resend);
            resend.Clear();
        }
        if (record.Count > 0)
        {
            records.Add(record);
        }
    }

    private static DateTimeOffset ViewHour(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, 0, 0, TimeSpan.Zero);

    private static TallyEvent Event(string app, string user, string messageId, DateTimeOffset time, string name, string? sessionId, string plan, int level) => new()
    {
        Type = EventType.Track,
        AppId = app,
        MessageId = messageId,
        AnonymousId = user,
        Event = name,
        ReceivedAt = time.AddSeconds(2),
        EventTime = time,
        Context = new EventContext { SessionId = sessionId, OsName = level % 2 == 0 ? "iOS" : "Android", Country = "DE" },
        Properties = Encoding.UTF8.GetBytes($$$"""{"plan":"{{{plan}}}","level":{{{level}}},"nested":{"x":1}}"""),
    };
}
