using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace Tally.Log.Nats;

internal sealed partial class NatsConsumerGroup
{
    private async Task RunHeartbeatsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Log.ReadyAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                try
                {
                    await HeartbeatAsync(cancellationToken).ConfigureAwait(false);
                    _firstHeartbeat.TrySetResult();
                }
                catch (Exception ex) when (ex is NatsException or LogUnavailableException && !cancellationToken.IsCancellationRequested)
                {
                    NatsLogEvents.HeartbeatFailed(logger, ex, Name);
                }

                await _wake.WaitAsync(Log.Options.MemberHeartbeatInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The log is closing: fetches still waiting for the first heartbeat end.
            _firstHeartbeat.TrySetCanceled(cancellationToken);
        }
    }

    /// <summary>Renews this instance's members and reads the other processes' members of the group.</summary>
    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        await _memberKeys.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string[] mine;
            lock (Gate)
            {
                mine = [.. _members.Select(m => m.Id)];
            }

            foreach (var id in mine)
            {
                // The value only helps operators see where a member runs.
                await groups.Members.PutAsync(NatsNames.MemberKey(Name, id), Environment.MachineName, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _memberKeys.Release();
        }

        var others = new List<string>();
        await foreach (var key in groups.Members.GetKeysAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var split = key.LastIndexOf('.');
            if (split > 0 && key.AsSpan(0, split).SequenceEqual(Name) && !key.AsSpan(split + 1).StartsWith(groups.InstanceId))
            {
                others.Add(key[(split + 1)..]);
            }
        }

        lock (Gate)
        {
            if (!others.Order(StringComparer.Ordinal).SequenceEqual(_otherMembers))
            {
                _otherMembers = [.. others.Order(StringComparer.Ordinal)];
                Rebalance();
            }
        }
    }
}
