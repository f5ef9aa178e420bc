using System.Runtime.CompilerServices;
using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Core.Archive;

namespace Tally.Batch.Archive;

/// <summary>
/// The archived events of a day, read from the archiver's Parquet files in any <see cref="IObjectStore"/>,
/// one row group at a time, decoding only <see cref="BatchColumns"/> unless told otherwise.
/// </summary>
public sealed class ParquetArchiveDaySource(IObjectStore store, EventColumns? columns = null) : IArchiveDaySource
{
    /// <summary>
    /// What the batch layer reads of an event besides the required columns: the user, the event
    /// name, the context breakdowns (<see cref="Core.Metrics.Dimension.ContextBreakdowns"/>), the SDK
    /// session and the properties. Decoding a Parquet string costs more than the batch's own work,
    /// so the rest is left out. A metric or dimension reading another field must add its column
    /// here; a test checks that a day's cells are the same as over every column.
    /// </summary>
    public static EventColumns BatchColumns { get; } = EventColumns.Only(
        "anonymous_id", "user_id", "event", "context_app_version", "context_os_name", "context_os_version",
        "context_device_model", "context_country", "context_session_id", "properties");

    private readonly EventColumns _columns = columns ?? BatchColumns;

    public async IAsyncEnumerable<ArchivedColumns> ReadDayAsync(DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var file in ArchiveLayout.ListDayAsync(store, day, cancellationToken))
        {
            await using var stream = await OpenSeekableAsync(file.Key, cancellationToken);
            await foreach (var rowGroup in EventParquetReader.ReadColumnGroupsAsync(stream, _columns, cancellationToken))
            {
                yield return rowGroup;
            }
        }
    }

    // Parquet keeps its index at the end of the file: a network stream is buffered first.
    private async Task<Stream> OpenSeekableAsync(string key, CancellationToken cancellationToken)
    {
        var stream = await store.OpenReadAsync(key, cancellationToken);
        if (stream.CanSeek)
        {
            return stream;
        }
        await using (stream)
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            buffer.Position = 0;
            return buffer;
        }
    }
}
