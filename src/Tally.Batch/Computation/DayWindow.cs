using System.Runtime.InteropServices;
using Tally.Core.Events;
using Tally.Core.Sessions;

namespace Tally.Batch.Computation;

/// <summary>
/// The unique events of day D and its two neighbours, by event time: D's events are the facts; the
/// day before tells which sessions and users started earlier, the day after how long D's last
/// sessions lasted. Duplicates (same app and messageId) are removed across all three days, keeping
/// the copy received first.
/// </summary>
internal sealed class DayWindow
{
    private readonly long _dayStartTicks;
    private readonly string? _appId;
    private readonly Dictionary<(int App, string MessageId), int> _byMessage = [];
    private readonly Dictionary<(int App, int User), int> _userKeys = [];
    private readonly Dictionary<EventContext, EventContext> _contexts = [];
    private EventRow[] _rows = new EventRow[1024];

    /// <param name="appId">Only this app's events are kept; null for every app.</param>
    public DayWindow(DateOnly day, string? appId)
    {
        Day = day;
        DayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        _dayStartTicks = DayStart.UtcTicks;
        _appId = appId;
    }

    public DateOnly Day { get; }

    public DateTimeOffset DayStart { get; }

    public StringTable Strings { get; } = new();

    /// <summary>Per (app, user) number: the app's and the user's string numbers.</summary>
    public List<(int App, int User)> UserKeys { get; } = [];

    public int RowCount { get; private set; }

    /// <summary>Events offered, duplicates and events outside the three days included.</summary>
    public long EventsRead { get; private set; }

    public ReadOnlySpan<EventRow> Rows => _rows.AsSpan(0, RowCount);

    public ref readonly EventRow this[int row] => ref _rows[row];

    /// <summary>The day relative to <see cref="Day"/> that <paramref name="ticks"/> (UTC) falls on.</summary>
    public long DayOffsetOf(long ticks)
    {
        long since = ticks - _dayStartTicks;
        // Floor division: an event a tick before midnight belongs to the day before.
        return since >= 0 ? since / TimeSpan.TicksPerDay : (since + 1) / TimeSpan.TicksPerDay - 1;
    }

    public void Add(TallyEvent e)
    {
        EventsRead++;
        if (_appId is not null && e.AppId != _appId)
        {
            return;
        }
        long offset = DayOffsetOf(e.EventTime.UtcTicks);
        if (offset is < -1 or > 1)
        {
            return;
        }
        int app = Strings.IdOf(e.AppId);
        ref int row = ref CollectionsMarshal.GetValueRefOrAddDefault(_byMessage, (app, e.MessageId), out bool seen);
        if (seen)
        {
            // Ties keep the copy read first, so a re-run over the same archive keeps the same copy.
            if (e.ReceivedAt.UtcTicks < _rows[row].ReceivedTicks)
            {
                _rows[row] = RowOf(e, app, (sbyte)offset);
            }
            return;
        }
        if (RowCount == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length * 2);
        }
        row = RowCount++;
        _rows[row] = RowOf(e, app, (sbyte)offset);
    }

    private EventRow RowOf(TallyEvent e, int app, sbyte dayOffset) => new()
    {
        UserKey = UserKeyOf(app, Strings.IdOf(e.User)),
        Session = SessionRule.HasSdkSession(e) ? Strings.IdOf(e.Context.SessionId!) + 1 : 0,
        Ticks = e.EventTime.UtcTicks,
        ReceivedTicks = e.ReceivedAt.UtcTicks,
        DayOffset = dayOffset,
        Event = dayOffset == 0 ? Lean(e) : null,
    };

    private int UserKeyOf(int app, int user)
    {
        ref int key = ref CollectionsMarshal.GetValueRefOrAddDefault(_userKeys, (app, user), out bool exists);
        if (!exists)
        {
            key = UserKeys.Count;
            UserKeys.Add((app, user));
        }
        return key;
    }

    // The archive hands out a fresh copy of every string; a day holds millions of events that share
    // a few thousand apps, names and device contexts. Traits no metric reads.
    private TallyEvent Lean(TallyEvent e) => e with
    {
        AppId = Strings.Intern(e.AppId)!,
        AnonymousId = Strings.Intern(e.AnonymousId),
        UserId = Strings.Intern(e.UserId),
        Event = Strings.Intern(e.Event),
        Name = Strings.Intern(e.Name),
        Context = InternContext(e.Context),
        Traits = default,
    };

    private EventContext InternContext(EventContext context)
    {
        ref var shared = ref CollectionsMarshal.GetValueRefOrAddDefault(_contexts, context, out bool exists);
        if (!exists)
        {
            shared = context;
        }
        return shared!;
    }
}
