using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tally.Log.Embedded;

/// <summary>
/// The embedded <see cref="IEventLog"/>: partitions of segment files in one directory, with
/// group commit (one fsync per partition per group), torn-tail recovery, retention and
/// in-process consumer groups. Offsets are byte positions within a partition.
/// </summary>
/// <remarks>
/// A record is <em>appended</em> once it is written to its segment file and <em>committed</em>
/// once that file was fsynced. <see cref="AppendAsync"/> completes only at commit, and readers
/// never see a record before it: each partition publishes a committed end after every fsync.
/// </remarks>
public sealed partial class EmbeddedEventLog : IEventLog
{
    private const string CleanShutdownMarker = ".clean-shutdown";

    private readonly EmbeddedLogOptions _options;
    private readonly ILogger _logger;
    private readonly FileStream _directoryLock;
    private readonly Partition[] _partitions;
    private readonly Channel<AppendRequest> _appends;
    private readonly Task _writer;
    private readonly CancellationTokenSource _retentionStop = new();
    private readonly Task _retention;
    private readonly ConsumerGroups _groups;
    private int _disposed;

    private EmbeddedEventLog(EmbeddedLogOptions options, ILogger logger, FileStream directoryLock, Partition[] partitions)
    {
        _options = options;
        _logger = logger;
        _directoryLock = directoryLock;
        _partitions = partitions;
        _appends = Channel.CreateBounded<AppendRequest>(new BoundedChannelOptions(AppendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _groups = new ConsumerGroups(this, Path.Combine(options.Directory, "groups"));
        _writer = RunWriterAsync();
        _retention = RunRetentionAsync(_retentionStop.Token);
    }

    public int PartitionCount => _partitions.Length;

    /// <summary>Wakes fetches after each commit.</summary>
    internal CommitSignal Committed { get; } = new();

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Opens the log in <see cref="EmbeddedLogOptions.Directory"/>, creating it if needed, and
    /// recovers from a crash: torn tails are cut, everything committed before is kept.
    /// </summary>
    /// <exception cref="LogCorruptException">A closed segment is damaged or missing.</exception>
    /// <exception cref="InvalidOperationException">Another process has the directory open, or it has another partition count.</exception>
    public static Task<EmbeddedEventLog> OpenAsync(EmbeddedLogOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        logger ??= NullLogger.Instance;

        // Recovery is synchronous file work; run it off the caller's thread.
        return Task.Run(() => Open(options, logger, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Opens and recovers the log on the calling thread (recovery is synchronous file work);
    /// see <see cref="OpenAsync"/>.
    /// </summary>
    public static EmbeddedEventLog Open(EmbeddedLogOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;
        Directory.CreateDirectory(options.Directory);
        var directoryLock = LogDirectoryLock.Acquire(options.Directory);
        var partitions = new List<Partition>();
        try
        {
            EnsurePartitionCount(options);
            var marker = Path.Combine(options.Directory, CleanShutdownMarker);
            // After a crash every closed segment is verified, so damage is reported now rather than at a read.
            var verifyClosedSegments = !File.Exists(marker);
            File.Delete(marker);
            for (var p = 0; p < options.PartitionCount; p++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                partitions.Add(Partition.Open(p, Path.Combine(options.Directory, Partition.DirectoryName(p)), verifyClosedSegments, logger));
            }

            EmbeddedLogEvents.Opened(logger, options.Directory, options.PartitionCount, verifyClosedSegments);
            return new EmbeddedEventLog(options, logger, directoryLock, [.. partitions]);
        }
        catch (Exception)
        {
            partitions.ForEach(p => p.Dispose());
            directoryLock.Dispose();
            throw;
        }
    }

    private static void EnsurePartitionCount(EmbeddedLogOptions options)
    {
        var existing = Directory.GetDirectories(options.Directory, "p-*").Length;
        if (existing != 0 && existing != options.PartitionCount)
        {
            throw new InvalidOperationException(
                $"The log in {options.Directory} has {existing} partitions but {nameof(EmbeddedLogOptions)}.{nameof(EmbeddedLogOptions.PartitionCount)} is {options.PartitionCount}; the partition count of a log cannot change.");
        }
    }

    public ILogConsumer Subscribe(string group)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return _groups.Join(group);
    }

    public ValueTask<PartitionBounds> GetBoundsAsync(int partition, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var p = GetPartition(partition);
        return ValueTask.FromResult(new PartitionBounds(p.StartOffset, p.CommittedEnd));
    }

    internal Partition GetPartition(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, _partitions.Length);
        return _partitions[partition];
    }

    /// <summary>
    /// Commits every append already queued, stops retention, wakes waiting fetches and releases
    /// the directory. Appends that were not queued yet fail with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _appends.Writer.TryComplete();
        await _retentionStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _retention.ConfigureAwait(false);
            await _writer.ConfigureAwait(false);
            await MarkCleanShutdownAsync().ConfigureAwait(false);
        }
        finally
        {
            Committed.Pulse();
            foreach (var partition in _partitions)
            {
                partition.Dispose();
            }

            _retentionStop.Dispose();
            await _directoryLock.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Everything was fsynced, so the next open only needs to check the active segments. The
    /// marker is only a shortcut: without it the next open verifies every segment, so failing
    /// to write it (the directory was removed under us) loses nothing.
    /// </summary>
    private async Task MarkCleanShutdownAsync()
    {
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(_options.Directory, CleanShutdownMarker), [], CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            EmbeddedLogEvents.CleanShutdownMarkFailed(_logger, ex, _options.Directory);
        }
    }
}
