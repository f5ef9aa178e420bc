using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Core.Archive;

namespace Tally.Host.Tests.ScaleOut;

internal static class ArchiveContents
{
    /// <summary>The message ids of every event in <paramref name="archive"/>, one entry per archived row.</summary>
    public static async Task<List<string>> ReadMessageIdsAsync(IObjectStore archive, CancellationToken cancellationToken)
    {
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
