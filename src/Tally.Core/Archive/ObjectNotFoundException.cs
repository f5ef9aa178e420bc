namespace Tally.Core.Archive;

/// <summary>An object store has no object under the requested key.</summary>
public sealed class ObjectNotFoundException : Exception
{
    public ObjectNotFoundException(string key, Exception? inner = null)
        : base($"No object with key '{key}'.", inner)
    {
        Key = key;
    }

    public string Key { get; }
}
