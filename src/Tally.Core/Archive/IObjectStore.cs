namespace Tally.Core.Archive;

/// <summary>
/// Seam 2: where the archive keeps its files (a local directory embedded, any S3-compatible
/// store scaled out). Keys are '/'-separated relative paths (see <see cref="ObjectKeys"/>).
/// </summary>
public interface IObjectStore
{
    /// <summary>
    /// Stores <paramref name="content"/> under <paramref name="key"/>, replacing any object there.
    /// Atomic: readers see the whole old object (or none) until they see the whole new one, and a
    /// failed put leaves the key as it was.
    /// </summary>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens the object for reading; the caller disposes the stream.</summary>
    /// <exception cref="ObjectNotFoundException">No object has this key.</exception>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every object whose key starts with <paramref name="prefix"/> (empty for all), ordered by key (ordinal).</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; does nothing when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>A stored object: its key and size in bytes.</summary>
public sealed record ObjectInfo(string Key, long Size);
