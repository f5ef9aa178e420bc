using Parquet.Schema;

namespace Tally.Archive.Parquet;

/// <summary>
/// The columns of an archive file: every field of <see cref="Core.Events.TallyEvent"/> and its
/// context as its own plain Parquet column (UTF-8 strings, UTC microsecond timestamps, booleans,
/// doubles, integers) so that DuckDB, Spark or Athena read the files without Tally. Names are
/// snake_case, context fields prefixed <c>context_</c>; properties and traits are JSON strings.
/// </summary>
internal static class EventParquetSchema
{
    // Microseconds: DuckDB's native TIMESTAMP unit, and exact for every time the log carries (milliseconds).
    public static readonly DateTimeDataField Timestamp = Time("timestamp", nullable: true);
    public static readonly DateTimeDataField SentAt = Time("sent_at", nullable: true);
    public static readonly DateTimeDataField ReceivedAt = Time("received_at", nullable: false);
    public static readonly DateTimeDataField EventTime = Time("event_time", nullable: false);

    public static readonly DataField<string> Type = Required("type");
    public static readonly DataField<string> AppId = Required("app_id");
    public static readonly DataField<string> MessageId = Required("message_id");
    public static readonly DataField<string> AnonymousId = new("anonymous_id", true);
    public static readonly DataField<string> UserId = new("user_id", true);
    public static readonly DataField<string> Event = new("event", true);
    public static readonly DataField<string> Name = new("name", true);
    public static readonly DataField<string> GroupId = new("group_id", true);
    public static readonly DataField<string> PreviousId = new("previous_id", true);
    public static readonly DataField<bool> EventTimeClamped = new("event_time_clamped", false);

    public static readonly DataField<string> AppName = new("context_app_name", true);
    public static readonly DataField<string> AppVersion = new("context_app_version", true);
    public static readonly DataField<string> AppBuild = new("context_app_build", true);
    public static readonly DataField<string> AppNamespace = new("context_app_namespace", true);
    public static readonly DataField<string> DeviceId = new("context_device_id", true);
    public static readonly DataField<string> DeviceManufacturer = new("context_device_manufacturer", true);
    public static readonly DataField<string> DeviceModel = new("context_device_model", true);
    public static readonly DataField<string> DeviceType = new("context_device_type", true);
    public static readonly DataField<string> OsName = new("context_os_name", true);
    public static readonly DataField<string> OsVersion = new("context_os_version", true);
    public static readonly DataField<string> Locale = new("context_locale", true);
    public static readonly DataField<string> Timezone = new("context_timezone", true);
    public static readonly DataField<string> LibraryName = new("context_library_name", true);
    public static readonly DataField<string> LibraryVersion = new("context_library_version", true);
    public static readonly DataField<string> Country = new("context_country", true);
    public static readonly DataField<string> City = new("context_city", true);
    public static readonly DataField<double?> Latitude = new("context_latitude");
    public static readonly DataField<double?> Longitude = new("context_longitude");
    public static readonly DataField<string> SessionId = new("context_session_id", true);
    public static readonly DataField<string> Ip = new("context_ip", true);

    /// <summary>JSON object, or null when the event had none.</summary>
    public static readonly DataField<string> Properties = new("properties", true);

    /// <summary>JSON object, or null when the event had none.</summary>
    public static readonly DataField<string> Traits = new("traits", true);

    /// <summary><see cref="Properties"/> read as UTF-8 bytes; in a schema of its own, as a field belongs to one schema.</summary>
    public static readonly DataField<byte[]> PropertiesUtf8 = new(Properties.Name, true);

    /// <summary><see cref="Traits"/> read as UTF-8 bytes.</summary>
    public static readonly DataField<byte[]> TraitsUtf8 = new(Traits.Name, true);

    public static readonly DataField<int> LogPartition = new("log_partition", false);
    public static readonly DataField<long> LogOffset = new("log_offset", false);

    /// <summary>The string columns of the context, in schema order.</summary>
    public static readonly DataField<string>[] ContextStrings =
    [
        AppName, AppVersion, AppBuild, AppNamespace, DeviceId, DeviceManufacturer, DeviceModel, DeviceType,
        OsName, OsVersion, Locale, Timezone, LibraryName, LibraryVersion, Country, City,
    ];

    /// <summary>Column order of the file; the writer writes in exactly this order.</summary>
    public static readonly ParquetSchema Schema = new(
        [
            Type, AppId, MessageId, AnonymousId, UserId, Event, Name, GroupId, PreviousId,
            Timestamp, SentAt, ReceivedAt, EventTime, EventTimeClamped,
            .. ContextStrings, Latitude, Longitude, SessionId, Ip,
            Properties, Traits, LogPartition, LogOffset,
        ]);

    // The reader reads a field only once it belongs to a schema: the UTF-8 twins get one of their own.
    static EventParquetSchema() => _ = new ParquetSchema(PropertiesUtf8, TraitsUtf8);

    private static DataField<string> Required(string name) => new(name, false);

    private static DateTimeDataField Time(string name, bool nullable) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: nullable);
}
