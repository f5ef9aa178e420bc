using Tally.Core.Archive;
using Tally.Log.Embedded;

namespace Tally.Archive.Storage;

/// <summary>
/// The embedded object store: one file per object under <see cref="Root"/>, the key being the
/// relative path. A put writes a temporary file next to the target, fsyncs it, renames it over
/// the target (atomic on POSIX and NTFS) and fsyncs the directory, so an object survives a power
/// cut once <see cref="PutAsync"/> returned and readers never see half of one. Temporary files
/// are dot-files, which keys cannot name (<see cref="ObjectKeys"/>), so listings never show them.
/// Without <c>flushToDisk</c> nothing is fsynced: readers still never see half an object, but a
/// power cut may lose recent ones (for throwaway data such as the demo's: about 10 ms per put saved
/// on a busy disk, which dominates the archiving of many small hourly files).
/// </summary>
public sealed class LocalDirectoryObjectStore : IObjectStore
{
    private const string TemporarySuffix = ".tmp";

    // Archive files are written once and read sequentially; a large buffer halves the syscalls.
    private const int BufferSize = 64 * 1024;

    private readonly bool _flushToDisk;

    public LocalDirectoryObjectStore(string root, bool flushToDisk = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _flushToDisk = flushToDisk;
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(content);
        string path = PathOf(key);
        string directory = Path.GetDirectoryName(path)!;
        EnsureDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TemporarySuffix}");
        bool renamed = false;
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await content.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
                stream.Flush(_flushToDisk);
            }
            File.Move(temporary, path, overwrite: true);
            renamed = true;
        }
        finally
        {
            if (!renamed)
            {
                // A failed or cancelled put leaves nothing behind; the target is untouched.
                File.Delete(temporary);
            }
        }
        SyncDirectory(directory);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Stream stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(key, e);
        }
    }

    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ObjectKeys.ValidatePrefix(prefix, nameof(prefix));
        return ListSorted(prefix, cancellationToken).ToAsyncEnumerable();
    }

    private IEnumerable<ObjectInfo> ListSorted(string prefix, CancellationToken cancellationToken)
    {
        // Only the directory the prefix fully names needs walking; the rest of the prefix filters names.
        int lastSlash = prefix.LastIndexOf('/');
        var start = new DirectoryInfo(lastSlash < 0 ? Root : PathOf(prefix[..lastSlash]));
        if (!start.Exists)
        {
            yield break;
        }
        var objects = new List<ObjectInfo>();
        foreach (var file in start.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string key = Path.GetRelativePath(Root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal) && !IsTemporary(key))
            {
                objects.Add(new ObjectInfo(key, file.Length));
            }
        }
        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var info in objects)
        {
            yield return info;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        string path = PathOf(key);
        string directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            return Task.CompletedTask;
        }
        File.Delete(path);
        SyncDirectory(directory);
        return Task.CompletedTask;
    }

    private void SyncDirectory(string directory)
    {
        if (_flushToDisk)
        {
            DirectorySync.Flush(directory);
        }
    }

    private string PathOf(string key) => Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Temporary files and anything else a key cannot name (a segment starting with '.').</summary>
    private static bool IsTemporary(string key) => key.StartsWith('.') || key.Contains("/.", StringComparison.Ordinal);

    /// <summary>Creates missing directories, fsyncing each new one's parent so the path survives a power cut.</summary>
    private void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }
        string parent = Path.GetDirectoryName(directory)!;
        EnsureDirectory(parent);
        Directory.CreateDirectory(directory);
        SyncDirectory(parent);
    }
}
