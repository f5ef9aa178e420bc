using Microsoft.Extensions.Logging;
using NATS.Client.KeyValueStore;

namespace Tally.Log.Nats;

/// <summary>The consumer groups this log instance has members in, and the KV buckets they share.</summary>
internal sealed class NatsConsumerGroups(NatsEventLog log, NatsKVContext kv, ILogger logger) : IAsyncDisposable
{
    private const int MaxGroupNameLength = 100;

    private readonly Dictionary<string, NatsConsumerGroup> _groups = new(StringComparer.Ordinal);
    private INatsKVStore? _members;
    private INatsKVStore? _offsets;

    /// <summary>Distinguishes this instance's members from other processes' (member ids start with it).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    public INatsKVStore Members => _members ?? throw new InvalidOperationException("The log is not set up yet.");

    public INatsKVStore Offsets => _offsets ?? throw new InvalidOperationException("The log is not set up yet.");

    public async Task SetUpAsync(CancellationToken cancellationToken)
    {
        var options = log.Options;
        _members = await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(log.Names.MembersBucket)
        {
            // A member's key disappears this long after its last heartbeat: that is how a crashed member leaves.
            MaxAge = options.MemberTimeout,
            History = 1,
            Storage = NatsKVStorageType.File,
            NumberOfReplicas = options.Replicas,
        }, cancellationToken).ConfigureAwait(false);
        _offsets = await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(log.Names.OffsetsBucket)
        {
            History = 1,
            Storage = NatsKVStorageType.File,
            NumberOfReplicas = options.Replicas,
        }, cancellationToken).ConfigureAwait(false);
    }

    public NatsLogConsumer Join(string group)
    {
        ValidateName(group);
        NatsConsumerGroup consumerGroup;
        lock (_groups)
        {
            if (!_groups.TryGetValue(group, out consumerGroup!))
            {
                consumerGroup = new NatsConsumerGroup(log, this, group, logger);
                _groups.Add(group, consumerGroup);
            }
        }

        return consumerGroup.Join();
    }

    /// <summary>Stops every group's heartbeats; their members leave (their keys are removed).</summary>
    public async ValueTask DisposeAsync()
    {
        NatsConsumerGroup[] groups;
        lock (_groups)
        {
            groups = [.. _groups.Values];
        }

        foreach (var group in groups)
        {
            await group.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void ValidateName(string group)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        // Names become KV key tokens: '.' separates tokens, so it may not start, end or repeat.
        if (group.Length > MaxGroupNameLength || group[0] == '.' || group[^1] == '.' || group.Contains("..", StringComparison.Ordinal)
            || !group.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new ArgumentException(
                $"A consumer group name has 1 to {MaxGroupNameLength} ASCII letters, digits, '.', '_' or '-', and no '.' at either end or twice in a row; got \"{group}\".",
                nameof(group));
        }
    }
}
