using System.Globalization;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace Tally.Log.Nats;

internal sealed partial class NatsConsumerGroup
{
    /// <summary>Stores each partition's next offset under <c>GROUP.PARTITION</c>; each put is durable when it returns.</summary>
    public async ValueTask CommitAsync(IReadOnlyDictionary<int, long> nextOffsets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nextOffsets);
        foreach (var (partition, offset) in nextOffsets)
        {
            Log.CheckPartition(partition);
            ArgumentOutOfRangeException.ThrowIfNegative(offset, nameof(nextOffsets));
        }

        await Log.ReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (partition, offset) in nextOffsets)
            {
                await groups.Offsets.PutAsync(
                    NatsNames.OffsetKey(Name, partition), offset.ToString(CultureInfo.InvariantCulture), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NatsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Log.Unavailable($"committing offsets of group {Name}", ex);
        }
    }

    public async ValueTask<long?> GetCommittedAsync(int partition, CancellationToken cancellationToken)
    {
        Log.CheckPartition(partition);
        await Log.ReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entry = await groups.Offsets.TryGetEntryAsync<string>(NatsNames.OffsetKey(Name, partition), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (entry.Success)
            {
                return long.Parse(entry.Value.Value ?? "", CultureInfo.InvariantCulture);
            }

            return entry.Error is NatsKVKeyNotFoundException or NatsKVKeyDeletedException
                ? null
                : throw Log.Unavailable($"reading the committed offset of group {Name}", entry.Error);
        }
        catch (NatsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Log.Unavailable($"reading the committed offset of group {Name}", ex);
        }
    }

    /// <summary>Where a member that takes over <paramref name="partition"/> starts: the committed offset, else the oldest record.</summary>
    public async ValueTask<long> ResumePositionAsync(int partition, CancellationToken cancellationToken) =>
        await GetCommittedAsync(partition, cancellationToken).ConfigureAwait(false)
        ?? (await Log.GetBoundsAsync(partition, cancellationToken).ConfigureAwait(false)).Start;
}
