using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Archive.Storage;

namespace Tally.Host.Tests.ScaleOut;

internal static class ArchiveContents
{
    /// <summary>The message ids of every event in the archive at <paramref name="directory"/>, one entry per archived row.</summary>
    public static async Task<List<string>> ReadMessageIdsAsync(string directory, CancellationToken cancellationToken)
    {
        var archive = new LocalDirectoryObjectStore(directory);
        var ids = new List<string>();
        await foreach (var info in archive.ListAsync(ArchiveLayout.EventsPrefix, cancellationToken))
        {
            await using var stream = await archive.OpenReadAsync(info.Key, cancellationToken);
            await foreach (var archived in EventParquetReader.ReadAsync(stream, cancellationToken))
            {
                ids.Add(archived.Event.MessageId);
            }
        }
        return ids;
    }
}
