using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace Tally.Log.Nats;

public sealed partial class NatsEventLog
{
    /// <summary>
    /// Connects and creates (or updates to the configured replicas and retention) the streams and
    /// buckets. Runs once; after a failure the next call tries again.
    /// </summary>
    /// <exception cref="LogUnavailableException">The server cannot be reached.</exception>
    public Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return ReadyAsync(cancellationToken);
    }

    /// <summary><see cref="EnsureReadyAsync"/> for work the log lets finish after dispose began (appends in flight).</summary>
    internal Task ReadyAsync(CancellationToken cancellationToken)
    {
        Task ready;
        lock (_gate)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                // Not tied to one caller's token: other callers share this set-up.
                _ready = SetUpAsync(_closing.Token);
            }

            ready = _ready;
        }

        return ready.WaitAsync(cancellationToken);
    }

    private async Task SetUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _connection.ConnectAsync().ConfigureAwait(false);
            await CheckPartitionCountAsync(cancellationToken).ConfigureAwait(false);
            for (var p = 0; p < _options.PartitionCount; p++)
            {
                await _js.CreateOrUpdateStreamAsync(StreamConfigFor(p), cancellationToken).ConfigureAwait(false);
            }

            await _groups.SetUpAsync(cancellationToken).ConfigureAwait(false);
            var appended = await _connection.SubscribeCoreAsync<byte[]>(_names.AllAppended, cancellationToken: cancellationToken).ConfigureAwait(false);
            _appendedListener = WakeFetchesAsync(appended, _closing.Token);
            NatsLogEvents.Opened(_logger, _options.Prefix, _options.PartitionCount, _options.Replicas);
        }
        catch (NatsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable("setting up its streams and buckets", ex);
        }
    }

    private StreamConfig StreamConfigFor(int partition) => new(_names.Stream(partition), [_names.Subject(partition)])
    {
        Storage = StreamConfigStorage.File,
        NumReplicas = _options.Replicas,
        MaxAge = _options.Retention,
        Retention = StreamConfigRetention.Limits,
        Discard = StreamConfigDiscard.Old,
        // Headers only: a few bytes per record tell every waiting fetch, in any process, to read.
        Republish = new Republish { Src = _names.Subject(partition), Dest = _names.Appended(partition), HeadersOnly = true },
    };

    private async Task CheckPartitionCountAsync(CancellationToken cancellationToken)
    {
        var existing = 0;
        await foreach (var _ in _js.ListStreamNamesAsync(_names.AllSubjects, cancellationToken).ConfigureAwait(false))
        {
            existing++;
        }

        if (existing != 0 && existing != _options.PartitionCount)
        {
            throw new InvalidOperationException(
                $"The NATS event log {_options.Prefix} has {existing} partitions but {NatsLogOptions.SectionName}:{nameof(NatsLogOptions.PartitionCount)} is {_options.PartitionCount}; the partition count of a log cannot change.");
        }
    }

    private async Task WakeFetchesAsync(INatsSub<byte[]> appended, CancellationToken cancellationToken)
    {
        await using (appended.ConfigureAwait(false))
        {
            try
            {
                await foreach (var _ in appended.Msgs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    Appended.Pulse();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The log is closing.
            }
        }
    }
}
