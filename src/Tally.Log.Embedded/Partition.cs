using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Tally.Log.Embedded;

/// <summary>
/// One partition: a directory of segment files, the last of which (the active segment) takes
/// appends. Only the writer loop writes; readers only see bytes below <see cref="CommittedEnd"/>.
/// </summary>
/// <remarks>
/// Invariant: only the active segment can hold bytes past the committed end, because a segment
/// is closed only after its last group was fsynced. Recovery therefore treats a bad record in
/// the active segment as a torn tail and a bad record anywhere else as corruption.
/// </remarks>
internal sealed partial class Partition : IDisposable
{
    // Guards the segment list (and segment lengths) against concurrent readers and retention.
    private readonly Lock _gate = new();
    private readonly List<Segment> _segments;
    private readonly ILogger _logger;
    private SafeFileHandle _activeFile;
    private long _committedEnd;

    private Partition(int id, string directory, List<Segment> segments, SafeFileHandle activeFile, ILogger logger)
    {
        Id = id;
        Directory = directory;
        _segments = segments;
        _activeFile = activeFile;
        _logger = logger;
        _committedEnd = segments[^1].EndOffset;
    }

    public int Id { get; }

    public string Directory { get; }

    /// <summary>End of the last fsynced record: everything below is durable and readable.</summary>
    public long CommittedEnd => Volatile.Read(ref _committedEnd);

    /// <summary>Offset of the oldest retained record.</summary>
    public long StartOffset
    {
        get
        {
            lock (_gate)
            {
                return _segments[0].BaseOffset;
            }
        }
    }

    public static string DirectoryName(int partition) => $"p-{partition:D3}";

    public void Dispose() => _activeFile.Dispose();

    private static SafeFileHandle OpenForAppend(string path, FileMode mode) =>
        File.OpenHandle(path, mode, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
}
