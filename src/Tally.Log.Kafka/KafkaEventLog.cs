using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tally.Log.Kafka;

/// <summary>
/// The event log on one Kafka topic: log partition = Kafka partition, offset = Kafka offset,
/// consumer groups = Kafka consumer groups (prefixed, see <see cref="KafkaLogOptions.ConsumerGroupPrefix"/>).
/// Appends go through one idempotent producer with acks=all, so an acknowledged record is on
/// every in-sync replica (committed, in the seam's sense); librdkafka batches concurrent appends
/// (group commit, see <see cref="KafkaLogOptions.Linger"/>).
/// </summary>
public sealed partial class KafkaEventLog : IEventLog
{
    private readonly KafkaLogOptions _options;
    private readonly IAdminClient _admin;
    private readonly IProducer<Null, byte[]> _producer;
    private readonly ILoggerFactory _loggerFactory;
    private readonly AppendGate _appends = new();
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposeStarted;

    private KafkaEventLog(KafkaLogOptions options, ILoggerFactory loggerFactory)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        Logger = loggerFactory.CreateLogger<KafkaEventLog>();
        PartitionCount = options.PartitionCount;
        _admin = new AdminClientBuilder(KafkaClientConfigs.Admin(options))
            .SetLogHandler((_, message) => LogLibraryMessage(Logger, message))
            .SetErrorHandler((_, error) => KafkaLogEvents.ClientError(Logger, "admin", error.Reason, error.Code))
            .Build();
        _producer = new ProducerBuilder<Null, byte[]>(KafkaClientConfigs.Producer(options))
            .SetLogHandler((_, message) => LogLibraryMessage(Logger, message))
            .SetErrorHandler((_, error) => KafkaLogEvents.ClientError(Logger, "producer", error.Reason, error.Code))
            .Build();
    }

    public int PartitionCount { get; }

    internal string Topic => _options.Topic;

    internal KafkaLogOptions Options => _options;

    internal IAdminClient Admin => _admin;

    internal ILogger Logger { get; }

    internal KafkaGroupMembers Members { get; } = new();

    internal bool IsDisposed => Volatile.Read(ref _disposeStarted) != 0;

    /// <summary>
    /// Creates the log's clients without contacting the cluster (librdkafka connects in the
    /// background). Call <see cref="EnsureTopicAsync"/> before use, or use <see cref="OpenAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (the message names the setting).</exception>
    public static KafkaEventLog Create(KafkaLogOptions options, ILoggerFactory? loggerFactory = null)
    {
        KafkaLogOptionsValidator.ThrowIfInvalid(options);
        return new KafkaEventLog(options, loggerFactory ?? NullLoggerFactory.Instance);
    }

    /// <summary>Creates the log and makes sure its topic is there (<see cref="EnsureTopicAsync"/>).</summary>
    public static async Task<KafkaEventLog> OpenAsync(KafkaLogOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var log = Create(options, loggerFactory);
        bool opened = false;
        try
        {
            await log.EnsureTopicAsync(cancellationToken).ConfigureAwait(false);
            opened = true;
            return log;
        }
        finally
        {
            if (!opened)
            {
                await log.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Finds the topic, or creates it when missing and <see cref="KafkaLogOptions.CreateTopic"/>
    /// allows, and checks that it has <see cref="KafkaLogOptions.PartitionCount"/> partitions
    /// (collectors partition by that count, so it must be the topic's).
    /// </summary>
    /// <exception cref="LogUnavailableException">The cluster could not be reached within <see cref="KafkaLogOptions.RequestTimeout"/>.</exception>
    /// <exception cref="InvalidOperationException">The topic is missing and may not be created, or its partition count differs.</exception>
    public async Task EnsureTopicAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        int partitionCount;
        bool created;
        try
        {
            (partitionCount, created) = await KafkaTopic.EnsureAsync(_admin, _options, cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException e)
        {
            throw new LogUnavailableException($"Could not find or create Kafka topic '{Topic}' on {_options.BootstrapServers}: {e.Error.Reason}", e);
        }
        if (partitionCount != PartitionCount)
        {
            throw new InvalidOperationException(
                $"Kafka topic '{Topic}' has {partitionCount} partitions but {KafkaLogOptions.SectionName}:{nameof(KafkaLogOptions.PartitionCount)} is {PartitionCount}; "
                + "set it to the topic's count (events are partitioned by it).");
        }
        KafkaLogEvents.Opened(Logger, Topic, partitionCount, created);
    }

    public ILogConsumer Subscribe(string group)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var consumer = new KafkaLogConsumer(this, group, _loggerFactory.CreateLogger<KafkaLogConsumer>());
        var peers = Members.Join(consumer);
        consumer.Start();
        // The seam's Subscribe is synchronous and callers read Assignment right after it: block
        // until this member and its local peers have their assignments.
        if (!Members.WaitForPeers(peers, () => consumer.AssignmentCount > 0 || consumer.IsStopped, _options.RebalanceTimeout))
        {
            KafkaLogEvents.RebalanceSlow(Logger, group, _options.RebalanceTimeout);
        }
        return consumer;
    }

    public async ValueTask<PartitionBounds> GetBoundsAsync(int partition, CancellationToken cancellationToken = default)
    {
        ValidatePartition(partition);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        // Two requests: librdkafka refuses the same partition twice in one.
        var start = ListOffsetsAsync([partition], OffsetSpec.Earliest(), cancellationToken);
        var end = ListOffsetsAsync([partition], OffsetSpec.Latest(), cancellationToken);
        await Task.WhenAll(start, end).ConfigureAwait(false);
        return new PartitionBounds((await start.ConfigureAwait(false))[partition], (await end.ConfigureAwait(false))[partition]);
    }

    /// <summary>
    /// The earliest or latest offset of each of <paramref name="partitions"/>; latest is the
    /// read-committed end, the offset after the last record a consumer can read.
    /// </summary>
    /// <exception cref="LogUnavailableException">The cluster did not answer.</exception>
    internal async Task<Dictionary<int, long>> ListOffsetsAsync(IEnumerable<int> partitions, OffsetSpec spec, CancellationToken cancellationToken)
    {
        var specs = partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition(Topic, p), OffsetSpec = spec }).ToList();
        try
        {
            var result = await _admin.ListOffsetsAsync(specs,
                    new ListOffsetsOptions { RequestTimeout = _options.RequestTimeout, IsolationLevel = IsolationLevel.ReadCommitted })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            var offsets = new Dictionary<int, long>();
            foreach (var info in result.ResultInfos)
            {
                var offset = info.TopicPartitionOffsetError;
                if (offset.Error.IsError)
                {
                    throw new KafkaException(offset.Error);
                }
                offsets[offset.Partition.Value] = offset.Offset.Value;
            }
            return offsets;
        }
        catch (KafkaException e)
        {
            throw new LogUnavailableException($"Could not read the offsets of partitions {string.Join(',', specs.Select(s => s.TopicPartition.Partition.Value))} of '{Topic}': {e.Error.Reason}", e);
        }
    }

    /// <summary>
    /// Waits for every append already started (each is acknowledged or refused), then leaves
    /// every consumer group (waiting fetches end with <see cref="ObjectDisposedException"/>)
    /// and closes the clients.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
        {
            await _disposed.Task.ConfigureAwait(false);
            return;
        }
        await _appends.CloseAsync().ConfigureAwait(false);
        foreach (var consumer in Members.All())
        {
            await consumer.DisposeAsync().ConfigureAwait(false);
        }
        _producer.Dispose();
        _admin.Dispose();
        _disposed.TrySetResult();
    }

    internal void ValidatePartition(int partition, string paramName = "partition")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition, paramName);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, PartitionCount, paramName);
    }

    internal static void LogLibraryMessage(ILogger logger, LogMessage message) =>
        KafkaLogEvents.Library(logger, (LogLevel)message.LevelAs(LogLevelType.MicrosoftExtensionsLogging), message.Name, message.Facility, message.Message);
}
