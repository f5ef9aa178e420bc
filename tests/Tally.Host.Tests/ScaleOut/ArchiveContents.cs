using Tally.Core.Archive;

namespace Tally.Host.Tests.ScaleOut;

internal static class ArchiveContents
{
    /// <summary>The message ids of every event in <paramref name="archive"/>, one entry per archived row.</summary>
    public static async Task<List<string>> ReadMessageIdsAsync(IObjectStore archive, CancellationToken cancellationToken) =>
        [.. (await Crash.ArchiveContents.ReadStoreAsync(archive, cancellationToken)).Select(archived => archived.Event.MessageId)];
}
