using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;
using Tally.Core.Events;
using S = Tally.Archive.Parquet.EventParquetSchema;

namespace Tally.Archive.Parquet;

/// <summary>
/// Reads files written by <see cref="EventParquetWriter"/>, one row group at a time, so a
/// reader holds at most one row group (<see cref="EventParquetWriter.DefaultRowGroupSize"/>
/// rows) of a file in memory however large the file.
/// </summary>
public static class EventParquetReader
{
    private static readonly Dictionary<string, EventType> TypesByWireName =
        Enum.GetValues<EventType>().ToDictionary(t => t.ToWireName(), StringComparer.Ordinal);

    /// <summary>Every event of the file, in file order.</summary>
    public static async IAsyncEnumerable<ArchivedEvent> ReadAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var rowGroup in ReadRowGroupsAsync(input, EventColumns.All, cancellationToken))
        {
            foreach (var archived in rowGroup)
            {
                yield return archived;
            }
        }
    }

    /// <summary>
    /// The events of the file, one row group per item, in file order. <paramref name="input"/>
    /// must be seekable (Parquet keeps its index at the end; buffer a network stream first) and stays open.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not an archive file (missing column, unknown event type).</exception>
    public static IAsyncEnumerable<IReadOnlyList<ArchivedEvent>> ReadRowGroupsAsync(Stream input, CancellationToken cancellationToken = default) =>
        ReadRowGroupsAsync(input, EventColumns.All, cancellationToken);

    /// <summary>As <see cref="ReadRowGroupsAsync(Stream, CancellationToken)"/>, decoding only <paramref name="columns"/>.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<ArchivedEvent>> ReadRowGroupsAsync(
        Stream input, EventColumns columns, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(columns);
        await using var reader = await ParquetReader.CreateAsync(input, parquetOptions: null, leaveStreamOpen: true, cancellationToken);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            yield return await ReadRowGroupAsync(new ColumnReader(group, columns), cancellationToken);
        }
    }

    private static async Task<ArchivedEvent[]> ReadRowGroupAsync(ColumnReader group, CancellationToken ct)
    {
        int rows = group.Rows;
        var type = await group.Strings(S.Type, ct);
        var appId = await group.Strings(S.AppId, ct);
        var messageId = await group.Strings(S.MessageId, ct);
        var anonymousId = await group.Strings(S.AnonymousId, ct);
        var userId = await group.Strings(S.UserId, ct);
        var name = await group.Strings(S.Event, ct);
        var screen = await group.Strings(S.Name, ct);
        var groupId = await group.Strings(S.GroupId, ct);
        var previousId = await group.Strings(S.PreviousId, ct);
        var timestamp = await group.Nullable<DateTime>(S.Timestamp, ct);
        var sentAt = await group.Nullable<DateTime>(S.SentAt, ct);
        var receivedAt = await group.Required<DateTime>(S.ReceivedAt, ct);
        var eventTime = await group.Required<DateTime>(S.EventTime, ct);
        var clamped = await group.Required<bool>(S.EventTimeClamped, ct);
        var context = new string?[S.ContextStrings.Length][];
        for (int c = 0; c < context.Length; c++)
        {
            context[c] = await group.Strings(S.ContextStrings[c], ct);
        }
        var latitude = await group.Nullable<double>(S.Latitude, ct);
        var longitude = await group.Nullable<double>(S.Longitude, ct);
        var sessionId = await group.Strings(S.SessionId, ct);
        var ip = await group.Strings(S.Ip, ct);
        var properties = await group.Strings(S.Properties, ct);
        var traits = await group.Strings(S.Traits, ct);
        var partition = await group.Required<int>(S.LogPartition, ct);
        var offset = await group.Required<long>(S.LogOffset, ct);

        var events = new ArchivedEvent[rows];
        for (int i = 0; i < rows; i++)
        {
            var tallyEvent = new TallyEvent
            {
                Type = ParseType(type[i]),
                AppId = appId[i] ?? throw new InvalidDataException("An archived event has no app_id."),
                MessageId = messageId[i] ?? throw new InvalidDataException("An archived event has no message_id."),
                AnonymousId = anonymousId[i],
                UserId = userId[i],
                Event = name[i],
                Name = screen[i],
                GroupId = groupId[i],
                PreviousId = previousId[i],
                Timestamp = Utc(timestamp[i]),
                SentAt = Utc(sentAt[i]),
                ReceivedAt = Utc(receivedAt[i]),
                EventTime = Utc(eventTime[i]),
                EventTimeClamped = clamped[i],
                Context = new EventContext
                {
                    AppName = context[0][i],
                    AppVersion = context[1][i],
                    AppBuild = context[2][i],
                    AppNamespace = context[3][i],
                    DeviceId = context[4][i],
                    DeviceManufacturer = context[5][i],
                    DeviceModel = context[6][i],
                    DeviceType = context[7][i],
                    OsName = context[8][i],
                    OsVersion = context[9][i],
                    Locale = context[10][i],
                    Timezone = context[11][i],
                    LibraryName = context[12][i],
                    LibraryVersion = context[13][i],
                    Country = context[14][i],
                    City = context[15][i],
                    Latitude = latitude[i],
                    Longitude = longitude[i],
                    SessionId = sessionId[i],
                    Ip = ip[i],
                },
                Properties = Utf8(properties[i]),
                Traits = Utf8(traits[i]),
            };
            events[i] = new ArchivedEvent(tallyEvent, partition[i], offset[i]);
        }
        return events;
    }

    private static EventType ParseType(string? wireName) =>
        wireName is not null && TypesByWireName.TryGetValue(wireName, out var type)
            ? type
            : throw new InvalidDataException($"Unknown event type '{wireName}' in an archive file.");

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? time) => time is { } t ? Utc(t) : null;

    private static ReadOnlyMemory<byte> Utf8(string? json) =>
        string.IsNullOrEmpty(json) ? ReadOnlyMemory<byte>.Empty : System.Text.Encoding.UTF8.GetBytes(json);

    /// <summary>One row group's columns: the chosen ones decoded, the others all null (or default).</summary>
    private sealed class ColumnReader(ParquetRowGroupReader group, EventColumns columns)
    {
        public int Rows { get; } = checked((int)group.RowCount);

        public async Task<string?[]> Strings(DataField field, CancellationToken ct)
        {
            var column = new string?[Rows];
            if (columns.Includes(field))
            {
                await group.ReadAsync(field, column.AsMemory()!, null, ct);
            }
            return column;
        }

        public async Task<T?[]> Nullable<T>(DataField field, CancellationToken ct)
            where T : struct
        {
            var column = new T?[Rows];
            if (columns.Includes(field))
            {
                await group.ReadAsync<T>(field, column, null, ct);
            }
            return column;
        }

        public async Task<T[]> Required<T>(DataField field, CancellationToken ct)
            where T : struct
        {
            var column = new T[Rows];
            if (columns.Includes(field))
            {
                await group.ReadAsync<T>(field, column, null, ct);
            }
            return column;
        }
    }
}
