namespace Tally.Host.Tests.ScaleOut;

internal static class ArchiveContents
{
    /// <summary>The message ids of every event in the archive at <paramref name="directory"/>, one entry per archived row.</summary>
    public static async Task<List<string>> ReadMessageIdsAsync(string directory, CancellationToken cancellationToken) =>
        [.. (await Crash.ArchiveContents.ReadDirectoryAsync(directory, cancellationToken)).Select(archived => archived.Event.MessageId)];
}
