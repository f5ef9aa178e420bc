using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Archive.Storage;
using Tally.Core.Archive;

namespace Tally.Host.Tests.Crash;

/// <summary>Reads back every event in the Parquet files of a data dir's local archive.</summary>
internal static class ArchiveContents
{
    /// <summary>Polls until the archive holds at least <paramref name="expected"/> events; the caller's token is the deadline.</summary>
    public static async Task<List<ArchivedEvent>> WaitForAsync(string dataDirectory, int expected, CancellationToken cancellationToken)
    {
        while (true)
        {
            var archived = await ReadAsync(dataDirectory, cancellationToken);
            if (archived.Count >= expected)
            {
                return archived;
            }
            // The tests' archivers flush every 200 ms: look again after one flush.
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    public static Task<List<ArchivedEvent>> ReadAsync(string dataDirectory, CancellationToken cancellationToken) =>
        ReadDirectoryAsync(Path.Combine(dataDirectory, "archive"), cancellationToken);

    /// <summary>Every event in a local archive directory (e.g. a scale-out deployment's shared one), one entry per archived row.</summary>
    public static Task<List<ArchivedEvent>> ReadDirectoryAsync(string directory, CancellationToken cancellationToken) =>
        ReadStoreAsync(new LocalDirectoryObjectStore(directory), cancellationToken);

    /// <summary>Every event in an archive (local or S3), one entry per archived row.</summary>
    public static async Task<List<ArchivedEvent>> ReadStoreAsync(IObjectStore archive, CancellationToken cancellationToken)
    {
        var archived = new List<ArchivedEvent>();
        await foreach (var info in archive.ListAsync(ArchiveLayout.EventsPrefix, cancellationToken))
        {
            Stream stream;
            try
            {
                stream = await archive.OpenReadAsync(info.Key, cancellationToken);
            }
            catch (ObjectNotFoundException)
            {
                // A restarted archiver rolls back the files of a flush it never committed: listed a
                // moment ago, gone now, and written again under its range. Callers poll, so skip it.
                continue;
            }
            await using (stream)
            {
                await foreach (var e in EventParquetReader.ReadAsync(stream, cancellationToken))
                {
                    archived.Add(e);
                }
            }
        }
        return archived;
    }
}
