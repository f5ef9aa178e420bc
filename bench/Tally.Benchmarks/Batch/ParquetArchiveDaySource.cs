using System.Runtime.CompilerServices;
using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Batch;
using Tally.Core.Archive;
using Tally.Core.Events;

namespace Tally.Benchmarks.Batch;

/// <summary>
/// The batch layer's view of a Parquet archive: every file of the day (<see cref="ArchiveLayout.ListDayAsync"/>)
/// read with <see cref="EventParquetReader"/>, one row group at a time, decoding <paramref name="columns"/>.
/// </summary>
internal sealed class ParquetArchiveDaySource(IObjectStore store, EventColumns columns) : IArchiveDaySource
{
    /// <summary>
    /// What the batch layer reads of an event: the user, the event name, the context breakdowns
    /// (<see cref="Core.Metrics.Dimension.ContextBreakdowns"/>), the SDK session and the properties.
    /// A metric or dimension reading another field must add its column here; the benchmark checks that
    /// the full computation over these columns gives exactly the cells it gives over all of them.
    /// </summary>
    public static EventColumns BatchColumns { get; } = EventColumns.Only(
        "anonymous_id", "user_id", "event", "context_app_version", "context_os_name", "context_os_version",
        "context_device_model", "context_country", "context_session_id", "properties");

    public async IAsyncEnumerable<TallyEvent> ReadDayAsync(DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var file in ArchiveLayout.ListDayAsync(store, day, cancellationToken))
        {
            var stream = await store.OpenReadAsync(file.Key, cancellationToken);
            await using (stream)
            {
                await foreach (var rowGroup in EventParquetReader.ReadRowGroupsAsync(stream, columns, cancellationToken))
                {
                    foreach (var archived in rowGroup)
                    {
                        yield return archived.Event;
                    }
                }
            }
        }
    }
}
