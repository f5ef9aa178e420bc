using System.Text;
using Tally.Core.Events;

namespace Tally.Batch.Tests;

/// <summary>
/// Reproducible events of three UTC days for two apps. Each user has one device (a fixed context);
/// half send the SDK's sessionId, half are sessionized by the gap. Users are active in bursts;
/// some messages are archived twice (a retried upload received later, its corrected event time a
/// little off), events arrive late and in no order. In <c>tidy</c> traffic every burst lies within
/// one hour and bursts are hours apart (what the speed layer sessionizes exactly); otherwise bursts
/// start anywhere, overlap, and cross midnight.
/// </summary>
internal sealed class BatchTraffic
{
    public static readonly DateOnly Day0 = new(2025, 3, 10);
    public static readonly DateTimeOffset Start = new(Day0.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    public static readonly string[] Apps = ["app-a", "app-b"];
    public static readonly string[] EventNames = ["Purchase", "Level Up", "Share"];
    public static readonly string[] Plans = ["free", "pro", "team"];
    private static readonly string[] Oses = ["iOS", "Android"];

    private BatchTraffic(List<TallyEvent> unique, List<TallyEvent> archived, List<List<TallyEvent>> uploads)
    {
        Unique = unique;
        Archived = archived;
        Uploads = uploads;
    }

    /// <summary>Each message once: its copy received first.</summary>
    public IReadOnlyList<TallyEvent> Unique { get; }

    /// <summary>Every copy, in no order.</summary>
    public IReadOnlyList<TallyEvent> Archived { get; }

    /// <summary>The uploads in arrival order (what the speed layer's log holds), duplicates included.</summary>
    public IReadOnlyList<List<TallyEvent>> Uploads { get; }

    public static BatchTraffic Create(int seed, bool tidy, int usersPerApp = 8, int burstsPerUser = 5)
    {
        var random = new Random(seed);
        var unique = new List<TallyEvent>();
        var bursts = new List<(DateTimeOffset Start, List<TallyEvent> Events)>();
        int message = 0;
        foreach (string app in Apps)
        {
            for (int u = 0; u < usersPerApp; u++)
            {
                string user = $"{app}-user-{u}";
                var context = new EventContext { OsName = Oses[random.Next(Oses.Length)], AppVersion = $"1.{random.Next(3)}", Country = "DE" };
                bool sdk = u % 2 == 0;
                var hour = Start.AddHours(random.Next(0, 30));
                for (int b = 0; b < burstsPerUser; b++)
                {
                    // Untidy bursts start anywhere in the three days but end before the third's midnight.
                    var burstStart = tidy ? hour.AddMinutes(random.Next(0, 40)) : Start.AddMinutes(random.Next(0, 3 * 24 * 60 - 60));
                    if (burstStart >= Start.AddDays(3).AddHours(-1))
                    {
                        break;
                    }
                    int spread = tidy ? 15 * 60 : 50 * 60;
                    var events = new List<TallyEvent>();
                    for (int i = random.Next(1, 7); i > 0; i--)
                    {
                        var time = burstStart.AddSeconds(random.Next(0, spread));
                        bool crash = random.Next(15) == 0;
                        string name = crash ? Core.Metrics.Metrics.CrashEventName : EventNames[random.Next(EventNames.Length)];
                        // Late uploads: untidy events may reach the collector days after they happened.
                        var received = time.AddSeconds(tidy || random.Next(4) > 0 ? 2 : random.Next(60, 3 * 86_400));
                        var e = Event(app, user, $"m{seed}-{message++}", time, received, name, sdk ? $"s-{b}" : null, context, random);
                        events.Add(e);
                        unique.Add(e);
                    }
                    bursts.Add((burstStart, events));
                    hour = new DateTimeOffset(burstStart.Year, burstStart.Month, burstStart.Day, burstStart.Hour, 0, 0, TimeSpan.Zero)
                        .AddHours(2 + random.Next(0, 6));
                    if (tidy && hour >= Start.AddDays(3).AddHours(-1))
                    {
                        break;
                    }
                }
            }
        }

        var uploads = new List<List<TallyEvent>>();
        var archived = new List<TallyEvent>();
        foreach (var (_, events) in bursts.OrderBy(b => b.Start))
        {
            var upload = events.OrderBy(_ => random.Next()).ToList();
            uploads.Add(upload);
            archived.AddRange(upload);
        }
        // Retried uploads: copies received later; untidy copies' corrected event times are a second off.
        var copies = unique.Where(_ => random.Next(6) == 0)
            .Select(e => e with
            {
                ReceivedAt = e.ReceivedAt.AddMinutes(random.Next(1, 3000)),
                EventTime = tidy ? e.EventTime : e.EventTime.AddSeconds(random.Next(-1, 2)),
            })
            .ToList();
        uploads.Add(copies);
        archived.AddRange(copies);
        return new BatchTraffic(unique, [.. archived.OrderBy(_ => random.Next())], uploads);
    }

    private static TallyEvent Event(string app, string user, string messageId, DateTimeOffset time, DateTimeOffset received,
        string name, string? sessionId, EventContext context, Random random) => new()
    {
        Type = EventType.Track,
        AppId = app,
        MessageId = messageId,
        AnonymousId = user,
        Event = name,
        ReceivedAt = received,
        EventTime = time,
        Context = context with { SessionId = sessionId },
        Properties = Encoding.UTF8.GetBytes(
            $$$"""{"plan":"{{{Plans[random.Next(Plans.Length)]}}}","level":{{{random.Next(4)}}},"id":"{{{messageId}}}","nested":{"x":1}}"""),
    };
}
