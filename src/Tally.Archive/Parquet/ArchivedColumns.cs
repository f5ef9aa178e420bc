using Tally.Core.Events;

namespace Tally.Archive.Parquet;

/// <summary>
/// Archived events as columns, one array per field, row <c>i</c> of every array being one event: a
/// row group as <see cref="EventParquetReader"/> decodes it, before any event object exists. A reader
/// that needs a few fields of many events reads them here and builds events only for the rows it
/// keeps (<see cref="EventAt"/>). Columns left out of the read hold nulls (or defaults). Times are UTC.
/// The arrays belong to the caller, who may replace values by equal ones (e.g. interned strings).
/// </summary>
public sealed partial class ArchivedColumns
{
    /// <summary>Empty columns of <paramref name="count"/> rows, for a reader to fill.</summary>
    public ArchivedColumns(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        Type = new EventType[count];
        AppId = new string[count];
        MessageId = new string[count];
        AnonymousId = new string?[count];
        UserId = new string?[count];
        Event = new string?[count];
        Name = new string?[count];
        GroupId = new string?[count];
        PreviousId = new string?[count];
        Timestamp = new DateTime?[count];
        SentAt = new DateTime?[count];
        ReceivedAt = new DateTime[count];
        EventTime = new DateTime[count];
        EventTimeClamped = new bool[count];
        Context = new string?[EventParquetSchema.ContextStrings.Length][];
        for (int c = 0; c < Context.Length; c++)
        {
            Context[c] = new string?[count];
        }
        Latitude = new double?[count];
        Longitude = new double?[count];
        SessionId = new string?[count];
        Ip = new string?[count];
        Properties = new byte[]?[count];
        Traits = new byte[]?[count];
        LogPartition = new int[count];
        LogOffset = new long[count];
    }

    public int Count { get; }

    public EventType[] Type { get; }

    public string[] AppId { get; }

    public string[] MessageId { get; }

    public string?[] AnonymousId { get; }

    public string?[] UserId { get; }

    public string?[] Event { get; }

    public string?[] Name { get; }

    public string?[] GroupId { get; }

    public string?[] PreviousId { get; }

    public DateTime?[] Timestamp { get; }

    public DateTime?[] SentAt { get; }

    public DateTime[] ReceivedAt { get; }

    public DateTime[] EventTime { get; }

    public bool[] EventTimeClamped { get; }

    public double?[] Latitude { get; }

    public double?[] Longitude { get; }

    public string?[] SessionId { get; }

    public string?[] Ip { get; }

    /// <summary>The properties' UTF-8 JSON, or null when the event had none.</summary>
    public byte[]?[] Properties { get; }

    /// <summary>The traits' UTF-8 JSON, or null when the event had none.</summary>
    public byte[]?[] Traits { get; }

    public int[] LogPartition { get; }

    public long[] LogOffset { get; }

    /// <summary>The context's string columns in <see cref="EventParquetSchema.ContextStrings"/> order.</summary>
    internal string?[][] Context { get; }

    /// <summary>The user: anonymousId, else userId.</summary>
    /// <exception cref="InvalidDataException">The row has neither (an archive never holds such an event).</exception>
    public string UserOf(int row) =>
        AnonymousId[row] ?? UserId[row] ?? throw new InvalidDataException("An archived event has neither anonymous_id nor user_id.");

    /// <summary>Whether two rows have equal contexts (every context column, ordinal), so that they can share one <see cref="EventContext"/>.</summary>
    public bool SameContext(int row, int other)
    {
        foreach (var column in Context)
        {
            if (!string.Equals(column[row], column[other], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return Latitude[row].Equals(Latitude[other]) && Longitude[row].Equals(Longitude[other])
            && string.Equals(SessionId[row], SessionId[other], StringComparison.Ordinal)
            && string.Equals(Ip[row], Ip[other], StringComparison.Ordinal);
    }

    public EventContext ContextAt(int row) => new()
    {
        AppName = Context[0][row],
        AppVersion = Context[1][row],
        AppBuild = Context[2][row],
        AppNamespace = Context[3][row],
        DeviceId = Context[4][row],
        DeviceManufacturer = Context[5][row],
        DeviceModel = Context[6][row],
        DeviceType = Context[7][row],
        OsName = Context[8][row],
        OsVersion = Context[9][row],
        Locale = Context[10][row],
        Timezone = Context[11][row],
        LibraryName = Context[12][row],
        LibraryVersion = Context[13][row],
        Country = Context[14][row],
        City = Context[15][row],
        Latitude = Latitude[row],
        Longitude = Longitude[row],
        SessionId = SessionId[row],
        Ip = Ip[row],
    };

    /// <summary>The event of <paramref name="row"/>, with <paramref name="context"/> (<see cref="ContextAt"/> of this row or of one with the <see cref="SameContext"/>).</summary>
    public TallyEvent EventAt(int row, EventContext context) => new()
    {
        Type = Type[row],
        AppId = AppId[row],
        MessageId = MessageId[row],
        AnonymousId = AnonymousId[row],
        UserId = UserId[row],
        Event = Event[row],
        Name = Name[row],
        GroupId = GroupId[row],
        PreviousId = PreviousId[row],
        Timestamp = Utc(Timestamp[row]),
        SentAt = Utc(SentAt[row]),
        ReceivedAt = Utc(ReceivedAt[row]),
        EventTime = Utc(EventTime[row]),
        EventTimeClamped = EventTimeClamped[row],
        Context = context,
        Properties = Properties[row],
        Traits = Traits[row],
    };

    /// <summary>The archived event of <paramref name="row"/>, with a context of its own.</summary>
    public ArchivedEvent ArchivedAt(int row) => new(EventAt(row, ContextAt(row)), LogPartition[row], LogOffset[row]);

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? time) => time is { } t ? Utc(t) : null;
}
