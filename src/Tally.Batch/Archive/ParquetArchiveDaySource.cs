using System.Runtime.CompilerServices;
using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Core.Archive;
using Tally.Core.Events;

namespace Tally.Batch.Archive;

/// <summary>The archived events of a day, read from the archiver's Parquet files in any <see cref="IObjectStore"/>.</summary>
public sealed class ParquetArchiveDaySource(IObjectStore store) : IArchiveDaySource
{
    public async IAsyncEnumerable<TallyEvent> ReadDayAsync(DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var file in ArchiveLayout.ListDayAsync(store, day, cancellationToken))
        {
            await using var stream = await OpenSeekableAsync(file.Key, cancellationToken);
            await foreach (var rowGroup in EventParquetReader.ReadRowGroupsAsync(stream, cancellationToken))
            {
                foreach (var archived in rowGroup)
                {
                    yield return archived.Event;
                }
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
