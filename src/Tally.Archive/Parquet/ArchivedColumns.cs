using Parquet.Schema;
using Tally.Core.Events;
using S = Tally.Archive.Parquet.EventParquetSchema;

namespace Tally.Archive.Parquet;

/// <summary>
/// Archived events as columns, one array per field, row <c>i</c> of every array being one event: a
/// row group as <see cref="EventParquetReader"/> decodes it, before any event object exists. A reader
/// that needs a few fields of many events reads them here and builds events only for the rows it
/// keeps (<see cref="EventAt"/>). A column left out of the read is an empty array; its values count as
/// null (or default). The required columns (see <see cref="EventColumns"/>) are always there. Times are UTC.
/// The arrays belong to the caller, who may replace values by equal ones (e.g. interned strings).
/// </summary>
public sealed partial class ArchivedColumns
{
    /// <summary>Empty columns of <paramref name="count"/> rows, for a reader to fill: those of <paramref name="read"/> (null for all).</summary>
    public ArchivedColumns(int count, EventColumns? read = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        read ??= EventColumns.All;
        Type = new EventType[count];
        AppId = new string[count];
        MessageId = new string[count];
        AnonymousId = Column<string?>(S.AnonymousId);
        UserId = Column<string?>(S.UserId);
        Event = Column<string?>(S.Event);
        Name = Column<string?>(S.Name);
        GroupId = Column<string?>(S.GroupId);
        PreviousId = Column<string?>(S.PreviousId);
        Timestamp = Column<DateTime?>(S.Timestamp);
        SentAt = Column<DateTime?>(S.SentAt);
        ReceivedAt = new DateTime[count];
        EventTime = new DateTime[count];
        EventTimeClamped = Column<bool>(S.EventTimeClamped);
        Context = [.. S.ContextStrings.Select(field => Column<string?>(field))];
        Latitude = Column<double?>(S.Latitude);
        Longitude = Column<double?>(S.Longitude);
        SessionId = Column<string?>(S.SessionId);
        Ip = Column<string?>(S.Ip);
        Properties = Column<byte[]?>(S.Properties);
        Traits = Column<byte[]?>(S.Traits);
        LogPartition = new int[count];
        LogOffset = new long[count];

        // A column not read costs no memory: a day's read allocates only what it decodes.
        T[] Column<T>(DataField field) => read.Includes(field) ? new T[count] : [];
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
        At(AnonymousId, row) ?? At(UserId, row) ?? throw new InvalidDataException("An archived event has neither anonymous_id nor user_id.");

    /// <summary>Whether two rows have equal contexts (every context column, ordinal), so that they can share one <see cref="EventContext"/>.</summary>
    public bool SameContext(int row, int other)
    {
        foreach (var column in Context)
        {
            if (!string.Equals(At(column, row), At(column, other), StringComparison.Ordinal))
            {
                return false;
            }
        }
        return At(Latitude, row).Equals(At(Latitude, other)) && At(Longitude, row).Equals(At(Longitude, other))
            && string.Equals(At(SessionId, row), At(SessionId, other), StringComparison.Ordinal)
            && string.Equals(At(Ip, row), At(Ip, other), StringComparison.Ordinal);
    }

    public EventContext ContextAt(int row) => new()
    {
        AppName = At(Context[0], row),
        AppVersion = At(Context[1], row),
        AppBuild = At(Context[2], row),
        AppNamespace = At(Context[3], row),
        DeviceId = At(Context[4], row),
        DeviceManufacturer = At(Context[5], row),
        DeviceModel = At(Context[6], row),
        DeviceType = At(Context[7], row),
        OsName = At(Context[8], row),
        OsVersion = At(Context[9], row),
        Locale = At(Context[10], row),
        Timezone = At(Context[11], row),
        LibraryName = At(Context[12], row),
        LibraryVersion = At(Context[13], row),
        Country = At(Context[14], row),
        City = At(Context[15], row),
        Latitude = At(Latitude, row),
        Longitude = At(Longitude, row),
        SessionId = At(SessionId, row),
        Ip = At(Ip, row),
    };

    /// <summary>The event of <paramref name="row"/>, with <paramref name="context"/> (<see cref="ContextAt"/> of this row or of one with the <see cref="SameContext"/>).</summary>
    public TallyEvent EventAt(int row, EventContext context) => new()
    {
        Type = Type[row],
        AppId = AppId[row],
        MessageId = MessageId[row],
        AnonymousId = At(AnonymousId, row),
        UserId = At(UserId, row),
        Event = At(Event, row),
        Name = At(Name, row),
        GroupId = At(GroupId, row),
        PreviousId = At(PreviousId, row),
        Timestamp = Utc(At(Timestamp, row)),
        SentAt = Utc(At(SentAt, row)),
        ReceivedAt = Utc(ReceivedAt[row]),
        EventTime = Utc(EventTime[row]),
        EventTimeClamped = At(EventTimeClamped, row),
        Context = context,
        Properties = At(Properties, row),
        Traits = At(Traits, row),
    };

    /// <summary>The archived event of <paramref name="row"/>, with a context of its own.</summary>
    public ArchivedEvent ArchivedAt(int row) => new(EventAt(row, ContextAt(row)), LogPartition[row], LogOffset[row]);

    /// <summary>The value of <paramref name="row"/> in <paramref name="column"/>; default when the column was not read.</summary>
    public static T? At<T>(T[] column, int row) => column.Length == 0 ? default : column[row];

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? time) => time is { } t ? Utc(t) : null;
}
