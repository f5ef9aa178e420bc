using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;
using Tally.Archive.Parquet.Plain;
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
        await foreach (var group in ReadColumnGroupsAsync(input, columns, cancellationToken))
        {
            var events = new ArchivedEvent[group.Count];
            for (int i = 0; i < events.Length; i++)
            {
                events[i] = group.ArchivedAt(i);
            }
            yield return events;
        }
    }

    /// <summary>
    /// As <see cref="ReadRowGroupsAsync(Stream, EventColumns, CancellationToken)"/>, each row group as
    /// columns: no event object is built, for readers that need a few fields of every event.
    /// </summary>
    public static async IAsyncEnumerable<ArchivedColumns> ReadColumnGroupsAsync(
        Stream input, EventColumns columns, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(columns);
        await using var reader = await ParquetReader.CreateAsync(input, parquetOptions: null, leaveStreamOpen: true, cancellationToken);
        var strings = new Utf8StringPool();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            yield return await ReadColumnsAsync(new ColumnReader(input, group, columns, strings), cancellationToken);
        }
    }

    private static async Task<ArchivedColumns> ReadColumnsAsync(ColumnReader group, CancellationToken ct)
    {
        var read = new ArchivedColumns(group.Rows, group.Columns);
        await group.Types(read.Type, ct);
        await group.RequiredStrings(S.AppId, read.AppId, pooled: true, ct);
        // Message ids are unique: pooling them would only cost.
        await group.RequiredStrings(S.MessageId, read.MessageId, pooled: false, ct);
        await group.Read(S.AnonymousId, read.AnonymousId, ct);
        await group.Read(S.UserId, read.UserId, ct);
        await group.Read(S.Event, read.Event, ct);
        await group.Read(S.Name, read.Name, ct);
        await group.Read(S.GroupId, read.GroupId, ct);
        await group.Read(S.PreviousId, read.PreviousId, ct);
        await group.Read(S.Timestamp, read.Timestamp, ct);
        await group.Read(S.SentAt, read.SentAt, ct);
        await group.Read(S.ReceivedAt, read.ReceivedAt, ct);
        await group.Read(S.EventTime, read.EventTime, ct);
        await group.Read(S.EventTimeClamped, read.EventTimeClamped, ct);
        for (int c = 0; c < S.ContextStrings.Length; c++)
        {
            await group.Read(S.ContextStrings[c], read.Context[c], ct);
        }
        await group.Read(S.Latitude, read.Latitude, ct);
        await group.Read(S.Longitude, read.Longitude, ct);
        await group.Read(S.SessionId, read.SessionId, ct);
        await group.Read(S.Ip, read.Ip, ct);
        await group.Read(S.PropertiesUtf8, read.Properties, ct);
        await group.Read(S.TraitsUtf8, read.Traits, ct);
        await group.Read(S.LogPartition, read.LogPartition, ct);
        await group.Read(S.LogOffset, read.LogOffset, ct);
        return read;
    }

    private static EventType ParseType(string? wireName) =>
        wireName is not null && TypesByWireName.TryGetValue(wireName, out var type)
            ? type
            : throw new InvalidDataException($"Unknown event type '{wireName}' in an archive file.");

    /// <summary>
    /// One row group's columns: the chosen ones decoded into the caller's arrays, the others left null (or
    /// default). Strings repeated in a file share one instance (<paramref name="strings"/>, one per file).
    /// </summary>
    private sealed class ColumnReader(Stream file, ParquetRowGroupReader group, EventColumns columns, Utf8StringPool strings)
    {
        public int Rows { get; } = checked((int)group.RowCount);

        public EventColumns Columns => columns;

        public Task Read(DataField field, string?[] column, CancellationToken ct) => ReadStrings(field, column, strings, ct);

        // JSON is read as its UTF-8 bytes: no UTF-16 string to decode and encode again.
        public async Task Read(DataField field, byte[]?[] column, CancellationToken ct)
        {
            if (columns.Includes(field))
            {
                await group.ReadAsync(field, column.AsMemory()!, null, ct);
            }
        }

        public async Task Read<T>(DataField field, T?[] column, CancellationToken ct)
            where T : struct
        {
            if (columns.Includes(field))
            {
                await group.ReadAsync<T>(field, column, null, ct);
            }
        }

        public async Task Read<T>(DataField field, T[] column, CancellationToken ct)
            where T : struct
        {
            if (columns.Includes(field))
            {
                await group.ReadAsync<T>(field, column, null, ct);
            }
        }

        public async Task RequiredStrings(DataField field, string[] column, bool pooled, CancellationToken ct)
        {
            await ReadStrings(field, column!, pooled ? strings : null, ct);
            if (Array.IndexOf(column, null) is var row and >= 0)
            {
                throw new InvalidDataException($"An archived event (row {row}) has no {field.Name}.");
            }
        }

        // Our own files' PLAIN pages are decoded from their UTF-8 bytes; Parquet.Net reads any other layout.
        private async Task ReadStrings(DataField field, string?[] column, Utf8StringPool? pool, CancellationToken ct)
        {
            if (columns.Includes(field) && !await PlainStringColumn.TryReadAsync(file, group.GetMetadata(field), field, column, pool, ct))
            {
                await group.ReadAsync(field, column.AsMemory()!, null, ct);
            }
        }

        public async Task Types(EventType[] column, CancellationToken ct)
        {
            var names = new string?[Rows];
            await Read(S.Type, names, ct);
            // Rows of a file come in runs of one type: each run is parsed once.
            string? previous = null;
            var type = default(EventType);
            for (int i = 0; i < names.Length; i++)
            {
                if (previous is null || !string.Equals(names[i], previous, StringComparison.Ordinal))
                {
                    type = ParseType(names[i]);
                    previous = names[i];
                }
                column[i] = type;
            }
        }
    }
}
