using System.Runtime.InteropServices;
using Tally.Archive.Parquet;
using Tally.Core.Events;
using Tally.Core.Sessions;

namespace Tally.Batch.Computation;

/// <summary>
/// The unique events of day D and its two neighbours, by event time: D's events are the facts; the
/// day before tells which sessions and users started earlier, the day after how long D's last
/// sessions lasted. Duplicates (same app and messageId) are removed across all three days, keeping
/// the copy received first. Events of the day stay in their row groups' columns (with the table's
/// strings) until <see cref="EventAt"/> builds them: a day of event objects kept alive until the fold
/// cost more in garbage collection than building each when it is folded.
/// </summary>
internal sealed class DayWindow
{
    private readonly long _dayStartTicks;
    private readonly string? _appId;
    // Per app: message id → row. The last app's table is kept at hand, as rows come in runs of one app.
    private readonly Dictionary<int, Dictionary<string, int>> _byMessage = [];
    private readonly Dictionary<(int App, int User), int> _userKeys = [];
    private readonly Dictionary<EventContext, int> _contextIds = [];
    private readonly List<EventContext> _contexts = [];
    // The row groups that hold events of the day; the others are dropped once read.
    private readonly List<ArchivedColumns> _groups = [];
    private EventRow[] _rows = new EventRow[1024];
    private Dictionary<string, int>? _messages;
    private int _messagesApp = -1;
    private ColumnInterner _apps;
    private ColumnInterner _users;
    private ColumnInterner _sessions;
    private ColumnInterner _anonymousIds;
    private ColumnInterner _userIds;
    private ColumnInterner _eventNames;
    private ColumnInterner _screenNames;
    private int _context;
    private int _contextRow;
    private int _group = -1;

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

    /// <summary>The event of <paramref name="row"/> if it is on the day computed, else null; a new object on each call.</summary>
    public TallyEvent? EventAt(int row)
    {
        ref readonly var r = ref _rows[row];
        return r.DayOffset == 0 ? _groups[r.Group].EventAt(r.GroupRow, _contexts[r.Context]) : null;
    }

    /// <summary>
    /// The app, event name and properties of <paramref name="row"/> when it is a track event of the day
    /// with a name and properties (what property breakdowns read), without building the event.
    /// </summary>
    public bool TryGetTrackProperties(int row, out string appId, out string eventName, out ReadOnlyMemory<byte> properties)
    {
        ref readonly var r = ref _rows[row];
        var columns = r.DayOffset == 0 ? _groups[r.Group] : null;
        appId = columns?.AppId[r.GroupRow] ?? string.Empty;
        eventName = columns is null ? string.Empty : ArchivedColumns.At(columns.Event, r.GroupRow) ?? string.Empty;
        properties = columns is null ? default : ArchivedColumns.At(columns.Properties, r.GroupRow);
        return columns is not null && columns.Type[r.GroupRow] == EventType.Track && eventName.Length > 0 && !properties.IsEmpty;
    }

    /// <summary>The day relative to <see cref="Day"/> that <paramref name="ticks"/> (UTC) falls on.</summary>
    public long DayOffsetOf(long ticks)
    {
        long since = ticks - _dayStartTicks;
        // Floor division: an event a tick before midnight belongs to the day before.
        return since >= 0 ? since / TimeSpan.TicksPerDay : (since + 1) / TimeSpan.TicksPerDay - 1;
    }

    /// <summary>Adds a row group of archived events (duplicates and events outside the three days are dropped).</summary>
    public void Add(ArchivedColumns columns)
    {
        EventsRead += columns.Count;
        _contextRow = -1;
        _group = _groups.Count;
        bool holdsDay = false;
        for (int row = 0; row < columns.Count; row++)
        {
            holdsDay |= Add(columns, row);
        }
        if (holdsDay)
        {
            _groups.Add(columns);
        }
    }

    /// <returns>Whether the row is kept as an event of the day computed.</returns>
    private bool Add(ArchivedColumns columns, int row)
    {
        string appId = columns.AppId[row];
        if (_appId is not null && appId != _appId)
        {
            return false;
        }
        long offset = DayOffsetOf(columns.EventTime[row].Ticks);
        if (offset is < -1 or > 1)
        {
            return false;
        }
        int app = _apps.IdOf(appId, Strings);
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(MessagesOf(app), columns.MessageId[row], out bool seen);
        if (seen)
        {
            // Ties keep the copy read first, so a re-run over the same archive keeps the same copy.
            if (columns.ReceivedAt[row].Ticks < _rows[slot].ReceivedTicks)
            {
                _rows[slot] = RowOf(columns, row, app, (sbyte)offset);
                return offset == 0;
            }
            return false;
        }
        if (RowCount == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length * 2);
        }
        slot = RowCount++;
        _rows[slot] = RowOf(columns, row, app, (sbyte)offset);
        return offset == 0;
    }

    private Dictionary<string, int> MessagesOf(int app)
    {
        if (app != _messagesApp)
        {
            ref var messages = ref CollectionsMarshal.GetValueRefOrAddDefault(_byMessage, app, out _);
            _messages = messages ??= new Dictionary<string, int>(StringComparer.Ordinal);
            _messagesApp = app;
        }
        return _messages!;
    }

    private EventRow RowOf(ArchivedColumns columns, int row, int app, sbyte dayOffset)
    {
        string? sessionId = ArchivedColumns.At(columns.SessionId, row);
        var eventRow = new EventRow
        {
            UserKey = UserKeyOf(app, _users.IdOf(columns.UserOf(row), Strings)),
            Session = SessionRule.HasSdkSession(sessionId) ? _sessions.IdOf(sessionId!, Strings) + 1 : 0,
            Ticks = columns.EventTime[row].Ticks,
            ReceivedTicks = columns.ReceivedAt[row].Ticks,
            DayOffset = dayOffset,
        };
        if (dayOffset == 0)
        {
            KeepEvent(columns, row, app);
            eventRow.Group = _group;
            eventRow.GroupRow = row;
            eventRow.Context = ContextOf(columns, row);
        }
        return eventRow;
    }

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

    // A day holds millions of events that share a few thousand apps, names and device contexts: the
    // columns keep the table's strings, and the row a context shared by every event with the same one. Traits no metric reads.
    private void KeepEvent(ArchivedColumns columns, int row, int app)
    {
        columns.AppId[row] = Strings[app];
        Intern(columns.AnonymousId, row, ref _anonymousIds);
        Intern(columns.UserId, row, ref _userIds);
        Intern(columns.Event, row, ref _eventNames);
        Intern(columns.Name, row, ref _screenNames);
        if (columns.Traits.Length > 0)
        {
            columns.Traits[row] = null;
        }
    }

    // An empty column was not read: nothing to intern.
    private void Intern(string?[] column, int row, ref ColumnInterner interner)
    {
        if (column.Length > 0)
        {
            column[row] = interner.Intern(column[row], Strings);
        }
    }

    // Consecutive rows (one upload) mostly share their context: a new one is looked up only when it changes.
    private int ContextOf(ArchivedColumns columns, int row)
    {
        if (_contextRow < 0 || !columns.SameContext(row, _contextRow))
        {
            var context = columns.ContextAt(row);
            ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_contextIds, context, out bool exists);
            if (!exists)
            {
                id = _contexts.Count;
                _contexts.Add(context);
            }
            _context = id;
        }
        _contextRow = row;
        return _context;
    }
}
