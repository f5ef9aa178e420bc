using Parquet;
using Parquet.Schema;
using Tally.Core.Events;
using S = Tally.Archive.Parquet.EventParquetSchema;

namespace Tally.Archive.Parquet;

/// <summary>Writes events to one Parquet file in the archive's schema (<see cref="EventParquetSchema"/>).</summary>
public static class EventParquetWriter
{
    /// <summary>
    /// Rows per row group: the unit a reader holds in memory at once. Large enough for good
    /// compression and scans (DuckDB's own default is 122,880), small enough to stream a day.
    /// </summary>
    public const int DefaultRowGroupSize = 65_536;

    /// <summary>
    /// Writes <paramref name="events"/>, in order, to <paramref name="output"/> (writable and
    /// seekable), leaving it open; an empty list gives a valid file without row groups.
    /// </summary>
    /// <exception cref="ArgumentException">A time has sub-microsecond precision, which the file cannot hold exactly.</exception>
    public static async Task WriteAsync(
        IReadOnlyList<ArchivedEvent> events, Stream output, CancellationToken cancellationToken = default, int rowGroupSize = DefaultRowGroupSize)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        await using var writer = await ParquetWriter.CreateAsync(S.Schema, output, options: null, append: false, cancellationToken);
        for (int start = 0; start < events.Count; start += rowGroupSize)
        {
            var rows = new RowWindow(events, start, Math.Min(rowGroupSize, events.Count - start));
            using var group = writer.CreateRowGroup();
            await WriteRowGroupAsync(group, rows, cancellationToken);
        }
    }

    private static async Task WriteRowGroupAsync(ParquetRowGroupWriter group, RowWindow rows, CancellationToken ct)
    {
        await Strings(group, S.Type, rows, e => e.Type.ToWireName(), ct);
        await Strings(group, S.AppId, rows, e => e.AppId, ct);
        await Strings(group, S.MessageId, rows, e => e.MessageId, ct);
        await Strings(group, S.AnonymousId, rows, e => e.AnonymousId, ct);
        await Strings(group, S.UserId, rows, e => e.UserId, ct);
        await Strings(group, S.Event, rows, e => e.Event, ct);
        await Strings(group, S.Name, rows, e => e.Name, ct);
        await Strings(group, S.GroupId, rows, e => e.GroupId, ct);
        await Strings(group, S.PreviousId, rows, e => e.PreviousId, ct);
        await Times(group, S.Timestamp, rows, e => e.Timestamp, ct);
        await Times(group, S.SentAt, rows, e => e.SentAt, ct);
        await RequiredTimes(group, S.ReceivedAt, rows, e => e.ReceivedAt, ct);
        await RequiredTimes(group, S.EventTime, rows, e => e.EventTime, ct);
        await Values(group, S.EventTimeClamped, rows, r => r.Event.EventTimeClamped, ct);
        foreach (var (field, value) in ContextStrings)
        {
            await Strings(group, field, rows, e => value(e.Context), ct);
        }
        await NullableValues(group, S.Latitude, rows, r => r.Event.Context.Latitude, ct);
        await NullableValues(group, S.Longitude, rows, r => r.Event.Context.Longitude, ct);
        await Strings(group, S.SessionId, rows, e => e.Context.SessionId, ct);
        await Strings(group, S.Ip, rows, e => e.Context.Ip, ct);
        await Json(group, S.Properties, rows, e => e.Properties, ct);
        await Json(group, S.Traits, rows, e => e.Traits, ct);
        await Values(group, S.LogPartition, rows, r => r.LogPartition, ct);
        await Values(group, S.LogOffset, rows, r => r.LogOffset, ct);
    }

    private static readonly (DataField<string> Field, Func<EventContext, string?> Value)[] ContextStrings =
    [
        (S.AppName, c => c.AppName), (S.AppVersion, c => c.AppVersion), (S.AppBuild, c => c.AppBuild),
        (S.AppNamespace, c => c.AppNamespace), (S.DeviceId, c => c.DeviceId), (S.DeviceManufacturer, c => c.DeviceManufacturer),
        (S.DeviceModel, c => c.DeviceModel), (S.DeviceType, c => c.DeviceType), (S.OsName, c => c.OsName),
        (S.OsVersion, c => c.OsVersion), (S.Locale, c => c.Locale), (S.Timezone, c => c.Timezone),
        (S.LibraryName, c => c.LibraryName), (S.LibraryVersion, c => c.LibraryVersion), (S.Country, c => c.Country), (S.City, c => c.City),
    ];

    private static Task Strings(ParquetRowGroupWriter group, DataField field, RowWindow rows, Func<TallyEvent, string?> value, CancellationToken ct)
    {
        var column = new ReadOnlyMemory<char>?[rows.Count];
        for (int i = 0; i < column.Length; i++)
        {
            column[i] = value(rows[i].Event)?.AsMemory();
        }
        return group.WriteAsync<ReadOnlyMemory<char>>(field, column, null, null, ct);
    }

    private static Task Json(ParquetRowGroupWriter group, DataField field, RowWindow rows, Func<TallyEvent, ReadOnlyMemory<byte>> value, CancellationToken ct)
    {
        var column = new ReadOnlyMemory<char>?[rows.Count];
        for (int i = 0; i < column.Length; i++)
        {
            var utf8 = value(rows[i].Event);
            // Empty means absent (see TallyEvent.Properties), so null is a lossless stand-in.
            column[i] = utf8.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(utf8.Span).AsMemory();
        }
        return group.WriteAsync<ReadOnlyMemory<char>>(field, column, null, null, ct);
    }

    private static Task Times(ParquetRowGroupWriter group, DateTimeDataField field, RowWindow rows, Func<TallyEvent, DateTimeOffset?> value, CancellationToken ct)
    {
        var column = new DateTime?[rows.Count];
        for (int i = 0; i < column.Length; i++)
        {
            column[i] = value(rows[i].Event) is { } time ? ExactMicros(time, field.Name) : null;
        }
        return group.WriteAsync<DateTime>(field, column, null, null, ct);
    }

    private static Task RequiredTimes(ParquetRowGroupWriter group, DateTimeDataField field, RowWindow rows, Func<TallyEvent, DateTimeOffset> value, CancellationToken ct)
    {
        var column = new DateTime[rows.Count];
        for (int i = 0; i < column.Length; i++)
        {
            column[i] = ExactMicros(value(rows[i].Event), field.Name);
        }
        return group.WriteAsync<DateTime>(field, column, null, null, ct);
    }

    private static Task Values<T>(ParquetRowGroupWriter group, DataField field, RowWindow rows, Func<ArchivedEvent, T> value, CancellationToken ct)
        where T : struct
    {
        var column = new T[rows.Count];
        for (int i = 0; i < column.Length; i++)
        {
            column[i] = value(rows[i]);
        }
        return group.WriteAsync<T>(field, column, null, null, ct);
    }

    private static Task NullableValues<T>(ParquetRowGroupWriter group, DataField field, RowWindow rows, Func<ArchivedEvent, T?> value, CancellationToken ct)
        where T : struct
    {
        var column = new T?[rows.Count];
        for (int i = 0; i < column.Length; i++)
        {
            column[i] = value(rows[i]);
        }
        return group.WriteAsync<T>(field, column, null, null, ct);
    }

    private static DateTime ExactMicros(DateTimeOffset time, string column)
    {
        if (time.UtcTicks % TimeSpan.TicksPerMicrosecond != 0)
        {
            throw new ArgumentException($"Column {column}: {time:O} has sub-microsecond precision, which the archive cannot store exactly.", nameof(time));
        }
        return time.UtcDateTime;
    }

    /// <summary>A window of the caller's list, so a row group needs no copy of its events.</summary>
    private readonly struct RowWindow(IReadOnlyList<ArchivedEvent> events, int start, int count)
    {
        public int Count => count;

        public ArchivedEvent this[int index] => events[start + index];
    }
}
