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
        await foreach (var rowGroup in ReadRowGroupsAsync(input, cancellationToken))
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
    public static async IAsyncEnumerable<IReadOnlyList<ArchivedEvent>> ReadRowGroupsAsync(
        Stream input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var reader = await ParquetReader.CreateAsync(input, parquetOptions: null, leaveStreamOpen: true, cancellationToken);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            yield return await ReadRowGroupAsync(group, cancellationToken);
        }
    }

    private static async Task<ArchivedEvent[]> ReadRowGroupAsync(ParquetRowGroupReader group, CancellationToken ct)
    {
        int rows = checked((int)group.RowCount);
        var type = await Strings(group, S.Type, rows, ct);
        var appId = await Strings(group, S.AppId, rows, ct);
        var messageId = await Strings(group, S.MessageId, rows, ct);
        var anonymousId = await Strings(group, S.AnonymousId, rows, ct);
        var userId = await Strings(group, S.UserId, rows, ct);
        var name = await Strings(group, S.Event, rows, ct);
        var screen = await Strings(group, S.Name, rows, ct);
        var groupId = await Strings(group, S.GroupId, rows, ct);
        var previousId = await Strings(group, S.PreviousId, rows, ct);
        var timestamp = await Nullable<DateTime>(group, S.Timestamp, rows, ct);
        var sentAt = await Nullable<DateTime>(group, S.SentAt, rows, ct);
        var receivedAt = await Required<DateTime>(group, S.ReceivedAt, rows, ct);
        var eventTime = await Required<DateTime>(group, S.EventTime, rows, ct);
        var clamped = await Required<bool>(group, S.EventTimeClamped, rows, ct);
        var context = new string?[S.ContextStrings.Length][];
        for (int c = 0; c < context.Length; c++)
        {
            context[c] = await Strings(group, S.ContextStrings[c], rows, ct);
        }
        var latitude = await Nullable<double>(group, S.Latitude, rows, ct);
        var longitude = await Nullable<double>(group, S.Longitude, rows, ct);
        var sessionId = await Strings(group, S.SessionId, rows, ct);
        var ip = await Strings(group, S.Ip, rows, ct);
        var properties = await Strings(group, S.Properties, rows, ct);
        var traits = await Strings(group, S.Traits, rows, ct);
        var partition = await Required<int>(group, S.LogPartition, rows, ct);
        var offset = await Required<long>(group, S.LogOffset, rows, ct);

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

    private static async Task<string?[]> Strings(ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct)
    {
        var column = new string?[rows];
        await group.ReadAsync(field, column.AsMemory()!, null, ct);
        return column;
    }

    private static async Task<T?[]> Nullable<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct)
        where T : struct
    {
        var column = new T?[rows];
        await group.ReadAsync<T>(field, column, null, ct);
        return column;
    }

    private static async Task<T[]> Required<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct)
        where T : struct
    {
        var column = new T[rows];
        await group.ReadAsync<T>(field, column, null, ct);
        return column;
    }

    private static EventType ParseType(string? wireName) =>
        wireName is not null && TypesByWireName.TryGetValue(wireName, out var type)
            ? type
            : throw new InvalidDataException($"Unknown event type '{wireName}' in an archive file.");

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? time) => time is { } t ? Utc(t) : null;

    private static ReadOnlyMemory<byte> Utf8(string? json) =>
        string.IsNullOrEmpty(json) ? ReadOnlyMemory<byte>.Empty : System.Text.Encoding.UTF8.GetBytes(json);
}
