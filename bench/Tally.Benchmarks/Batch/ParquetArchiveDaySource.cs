using System.Runtime.CompilerServices;
using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Batch;
using Tally.Core.Archive;
using Tally.Core.Events;

namespace Tally.Benchmarks.Batch;

/// <summary>
/// The batch layer's view of a Parquet archive: every file of the day (<see cref="ArchiveLayout.ListDayAsync"/>)
/// read with <see cref="EventParquetReader"/>, one row group at a time.
/// </summary>
internal sealed class ParquetArchiveDaySource(IObjectStore store) : IArchiveDaySource
{
    public async IAsyncEnumerable<TallyEvent> ReadDayAsync(DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var file in ArchiveLayout.ListDayAsync(store, day, cancellationToken))
        {
            var stream = await store.OpenReadAsync(file.Key, cancellationToken);
            await using (stream)
            {
                await foreach (var rowGroup in EventParquetReader.ReadRowGroupsAsync(stream, cancellationToken))
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
