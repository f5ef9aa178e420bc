namespace Tally.Log.Kafka;

/// <summary>
/// The members of each consumer group in this process, and how many assignments each has
/// received. Kafka rebalances asynchronously; <see cref="IEventLog.Subscribe"/> and a member's
/// dispose wait here until every other local member of the group has received its new
/// assignment, so that right afterwards the members' <see cref="ILogConsumer.Assignment"/>s
/// agree (as they do in the embedded log). Members in other processes are not waited for.
/// </summary>
internal sealed class KafkaGroupMembers
{
    // Monitor-based: Subscribe is synchronous (the seam's signature) and waits with Monitor.Wait;
    // asynchronous waiters use the signal task instead.
    private readonly object _gate = new();
    private readonly Dictionary<string, List<KafkaLogConsumer>> _groups = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Registers <paramref name="member"/> and returns its peers with their assignment counts now.</summary>
    public PeerSnapshot Join(KafkaLogConsumer member)
    {
        lock (_gate)
        {
            var snapshot = Snapshot(member);
            if (!_groups.TryGetValue(member.Group, out var members))
            {
                _groups[member.Group] = members = [];
            }
            members.Add(member);
            return snapshot;
        }
    }

    /// <summary>Unregisters <paramref name="member"/> and returns its remaining peers with their assignment counts now.</summary>
    public PeerSnapshot Leave(KafkaLogConsumer member)
    {
        lock (_gate)
        {
            if (_groups.TryGetValue(member.Group, out var members) && members.Remove(member) && members.Count == 0)
            {
                _groups.Remove(member.Group);
            }
            return Snapshot(member);
        }
    }

    public KafkaLogConsumer[] All()
    {
        lock (_gate)
        {
            return [.. _groups.Values.SelectMany(m => m)];
        }
    }

    /// <summary>Called by a member's poll thread after each assignment, and when it stops.</summary>
    public void NotifyChanged()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = NewSignal();
            Monitor.PulseAll(_gate);
        }
        changed.TrySetResult();
    }

    /// <summary>
    /// Blocks until each of <paramref name="peers"/> has been assigned again and
    /// <paramref name="alsoDone"/> holds; false when <paramref name="timeout"/> passed first.
    /// </summary>
    public bool WaitForPeers(PeerSnapshot peers, Func<bool> alsoDone, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (!(peers.AllReassigned() && alsoDone()))
            {
                long remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                {
                    return false;
                }
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(remaining));
            }
            return true;
        }
    }

    /// <summary>The asynchronous <see cref="WaitForPeers"/>.</summary>
    public async Task<bool> WaitForPeersAsync(PeerSnapshot peers, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }
            if (peers.AllReassigned())
            {
                return true;
            }
            if (deadline.IsCancellationRequested)
            {
                return false;
            }
            await changed.WaitAsync(deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private PeerSnapshot Snapshot(KafkaLogConsumer member) =>
        new(_groups.TryGetValue(member.Group, out var members)
            ? [.. members.Where(m => m != member).Select(m => (m, m.AssignmentCount))]
            : []);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A member's local peers and how many assignments each had when the member joined or left.</summary>
internal sealed class PeerSnapshot((KafkaLogConsumer Peer, long AssignmentCount)[] peers)
{
    /// <summary>True when every peer has received an assignment since, or has stopped.</summary>
    public bool AllReassigned() => peers.All(p => p.Peer.AssignmentCount > p.AssignmentCount || p.Peer.IsStopped);
}
