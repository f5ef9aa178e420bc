using System.Text.Json;
using System.Text.Json.Serialization;
using Tally.Archive.Layout;
using Tally.Core.Archive;

namespace Tally.Archive.Archiving;

/// <summary>
/// The manifest of a flush in progress (<see cref="ArchiveLayout.PendingManifestKey"/>): stored
/// before the first file, deleted after the log offset commit. Finding one at start means a
/// crash in between; the committed offset tells whether the flush completed.
/// </summary>
internal sealed record PendingFlush(int Partition, long FirstOffset, long NextOffset, IReadOnlyList<string> Files)
{
    public async Task StoreAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(this, PendingFlushJson.Default.PendingFlush));
        await store.PutAsync(ArchiveLayout.PendingManifestKey(Partition), content, cancellationToken);
    }

    /// <summary>The partition's manifest, or null when no flush is pending.</summary>
    /// <exception cref="JsonException">The manifest is not one this archiver wrote.</exception>
    public static async Task<PendingFlush?> LoadAsync(IObjectStore store, int partition, CancellationToken cancellationToken)
    {
        Stream content;
        try
        {
            content = await store.OpenReadAsync(ArchiveLayout.PendingManifestKey(partition), cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
        await using (content)
        {
            return await JsonSerializer.DeserializeAsync(content, PendingFlushJson.Default.PendingFlush, cancellationToken)
                ?? throw new JsonException($"Pending flush manifest of partition {partition} is empty.");
        }
    }
}

[JsonSerializable(typeof(PendingFlush))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class PendingFlushJson : JsonSerializerContext;
