using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace Tally.Log.Nats;

/// <summary>
/// <see cref="IEventLog"/> on NATS JetStream: one file-storage stream per partition, so a record's
/// offset is its stream sequence (1, 2, 3, … without gaps); consumer groups with membership and
/// committed offsets in JetStream KV buckets (see <see cref="NatsConsumerGroup"/>).
/// </summary>
/// <remarks>
/// A record is committed when the stream acknowledged it: stored by the stream's replicas
/// (a quorum of them when <see cref="NatsLogOptions.Replicas"/> &gt; 1). The server writes to its
/// files before acknowledging but syncs them to disk on its own schedule, so a single server
/// (replicas 1) can lose acknowledged records in a machine crash; replicas 3 cannot.
/// </remarks>
public sealed partial class NatsEventLog : IEventLog
{
    private readonly NatsLogOptions _options;
    private readonly ILogger _logger;
    private readonly NatsConnection _connection;
    private int _connectionEpoch;
    private readonly NatsJSContext _js;
    private readonly NatsNames _names;
    private readonly NatsConsumerGroups _groups;
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _gate = new();
    private Task? _ready;
    private Task _appendedListener = Task.CompletedTask;
    private int _appendsInFlight;
    private TaskCompletionSource? _appendsDrained;
    private bool _disposed;

    /// <summary>
    /// Creates the log without contacting the server; the first operation (or
    /// <see cref="EnsureReadyAsync"/>) connects and creates the streams and buckets.
    /// </summary>
    public NatsEventLog(NatsLogOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _names = new NatsNames(options.Prefix);
        _connection = new NatsConnection(NatsOpts.Default with
        {
            Url = options.Url,
            Name = "tally-log",
            RequestTimeout = options.RequestTimeout,
            ConnectTimeout = options.RequestTimeout,
        });
        _connection.ConnectionOpened += OnConnectionOpened;
        _js = new NatsJSContext(_connection);
        var kv = new NatsKVContext(_js);
        _groups = new NatsConsumerGroups(this, kv, _logger);
    }

    public int PartitionCount => _options.PartitionCount;

    internal NatsLogOptions Options => _options;

    internal NatsNames Names => _names;

    internal NatsJSContext JetStream => _js;

    /// <summary>Wakes fetches when a record was stored, membership changed, the connection reopened or the log closed.</summary>
    internal AppendSignal Appended { get; } = new();

    /// <summary>
    /// Counts connections opened (the first and every reconnect). Readers are in-memory consumers, which a restarted
    /// server no longer has: a reader is reused only within the connection it was created on.
    /// </summary>
    internal int ConnectionEpoch => Volatile.Read(ref _connectionEpoch);

    internal CancellationToken Closing => _closing.Token;

    internal bool IsDisposed => Volatile.Read(ref _disposed);

    /// <summary>Creates the log and makes sure its streams and buckets exist.</summary>
    /// <exception cref="LogUnavailableException">The server cannot be reached.</exception>
    /// <exception cref="InvalidOperationException">The log exists with another partition count.</exception>
    public static async Task<NatsEventLog> OpenAsync(NatsLogOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var log = new NatsEventLog(options, logger);
        try
        {
            await log.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
            return log;
        }
        catch (Exception)
        {
            await log.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ILogConsumer Subscribe(string group)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return _groups.Join(group);
    }

    public async ValueTask<PartitionBounds> GetBoundsAsync(int partition, CancellationToken cancellationToken = default)
    {
        CheckPartition(partition);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await _js.GetStreamAsync(_names.Stream(partition), cancellationToken: cancellationToken).ConfigureAwait(false);
            var state = stream.Info.State;
            var end = (long)state.LastSeq + 1;
            // An empty stream reports FirstSeq 0 before its first record and LastSeq + 1 after a purge.
            return new PartitionBounds(state.Messages == 0 ? end : (long)state.FirstSeq, end);
        }
        catch (NatsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable($"reading the bounds of partition {partition}", ex);
        }
    }

    internal void CheckPartition(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, _options.PartitionCount);
    }

    // Wakes fetches too: records stored while disconnected were republished to no one.
    private ValueTask OnConnectionOpened(object? sender, NatsEventArgs args)
    {
        Interlocked.Increment(ref _connectionEpoch);
        Appended.Pulse();
        return ValueTask.CompletedTask;
    }

    internal LogUnavailableException Unavailable(string operation, Exception inner) =>
        new($"The NATS event log {_options.Prefix} at {_options.Url} failed {operation}: {inner.Message}", inner);

    /// <summary>
    /// Waits for appends already started, stops the consumer groups (their members leave) and
    /// closes the connection. Appends started later fail with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Task drained;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
            _appendsDrained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_appendsInFlight == 0)
            {
                _appendsDrained.SetResult();
            }

            drained = _appendsDrained.Task;
        }

        try
        {
            await drained.ConfigureAwait(false);
            // Stops the heartbeats and the append listener; the groups then remove their members' keys.
            await _closing.CancelAsync().ConfigureAwait(false);
            await _appendedListener.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _groups.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            Appended.Pulse();
            await _connection.DisposeAsync().ConfigureAwait(false);
            _closing.Dispose();
        }
    }
}
