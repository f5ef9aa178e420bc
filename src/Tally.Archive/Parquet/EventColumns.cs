using Parquet.Schema;

namespace Tally.Archive.Parquet;

/// <summary>
/// The archive columns a reader decodes (<see cref="EventParquetReader"/>). The event's fields of
/// columns left out stay null (or false, or empty), so a reader that needs a few columns of a wide
/// file pays for those only. The required columns (type, app_id, message_id, received_at, event_time,
/// log_partition, log_offset) are always read: without them an event is not an event.
/// </summary>
public sealed class EventColumns
{
    private static readonly DataField[] Required =
    [
        EventParquetSchema.Type, EventParquetSchema.AppId, EventParquetSchema.MessageId,
        EventParquetSchema.ReceivedAt, EventParquetSchema.EventTime, EventParquetSchema.LogPartition, EventParquetSchema.LogOffset,
    ];

    private readonly HashSet<string>? _names;

    private EventColumns(HashSet<string>? names) => _names = names;

    /// <summary>Every column: events exactly as they were archived.</summary>
    public static EventColumns All { get; } = new(null);

    /// <summary>The required columns and <paramref name="names"/> (the files' column names, e.g. <c>context_app_version</c>).</summary>
    /// <exception cref="ArgumentException">A name is not a column of the archive's schema.</exception>
    public static EventColumns Only(params IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var chosen = new HashSet<string>(Required.Select(f => f.Name), StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!EventParquetSchema.Schema.DataFields.Any(f => f.Name == name))
            {
                throw new ArgumentException($"'{name}' is not a column of the archive.", nameof(names));
            }
            chosen.Add(name);
        }
        return new EventColumns(chosen);
    }

    internal bool Includes(DataField field) => _names is null || _names.Contains(field.Name);
}
