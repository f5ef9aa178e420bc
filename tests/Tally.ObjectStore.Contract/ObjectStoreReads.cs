using Tally.Core.Archive;

namespace Tally.ObjectStore.Contract;

/// <summary>Reading a store whole, for assertions: an object's bytes, a prefix's listing.</summary>
public static class ObjectStoreReads
{
    public static async Task<byte[]> ReadAsync(IObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public static async Task<List<ObjectInfo>> ListAsync(IObjectStore store, string prefix)
    {
        var objects = new List<ObjectInfo>();
        await foreach (var info in store.ListAsync(prefix))
        {
            objects.Add(info);
        }
        return objects;
    }
}
