using System.Globalization;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace Tally.Log.Nats;

/// <summary>
/// This instance's members of one consumer group. NATS has no group coordinator, so members
/// coordinate through the members bucket: each renews a key every heartbeat, keys expire after
/// the member timeout, and every process range-assigns partitions over the sorted member ids.
/// </summary>
/// <remarks>
/// Members of this instance see each other's joins and leaves at once; another process's only
/// at its next heartbeat. Until then two members may read the same partition (no fencing):
/// consumers must tolerate re-reading records, as they must after any crash.
/// </remarks>
internal sealed partial class NatsConsumerGroup(NatsEventLog log, NatsConsumerGroups groups, string name, ILogger logger) : IAsyncDisposable
{
    private readonly List<NatsLogConsumer> _members = [];
    private readonly SemaphoreSlim _wake = new(0);
    // Heartbeat puts and leave deletes one at a time, so a put never resurrects a member that left.
    private readonly SemaphoreSlim _memberKeys = new(1, 1);
    private readonly TaskCompletionSource _firstHeartbeat = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string[] _otherMembers = [];
    private int _nextMemberNumber;
    private Task? _heartbeats;

    public string Name { get; } = name;

    public NatsEventLog Log { get; } = log;

    /// <summary>Guards members, assignments and member cursors.</summary>
    public Lock Gate { get; } = new();

    public NatsLogConsumer Join()
    {
        NatsLogConsumer member;
        lock (Gate)
        {
            // Zero-padded so this instance's members sort in join order.
            var id = string.Create(CultureInfo.InvariantCulture, $"{groups.InstanceId}-{_nextMemberNumber++:x8}");
            member = new NatsLogConsumer(this, id);
            _members.Add(member);
            Rebalance();
            _heartbeats ??= RunHeartbeatsAsync(Log.Closing);
        }

        // Announce the new member now rather than at the next interval.
        _wake.Release();
        Log.Appended.Pulse();
        return member;
    }

    public async ValueTask LeaveAsync(NatsLogConsumer member)
    {
        lock (Gate)
        {
            _members.Remove(member);
            Rebalance();
        }

        // Wakes the other members (they may own more partitions now) and the leaver's own fetch.
        Log.Appended.Pulse();
        await _memberKeys.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await groups.Members.DeleteAsync(NatsNames.MemberKey(Name, member.Id), cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or InvalidOperationException)
        {
            // InvalidOperationException: the log never got to set up its buckets.
            NatsLogEvents.LeaveFailed(logger, ex, Name, member.Id);
        }
        finally
        {
            _memberKeys.Release();
        }
    }

    /// <summary>
    /// Waits until this instance has seen the group's other members once, so a new member does not
    /// read partitions that already belong to someone else.
    /// </summary>
    /// <exception cref="LogUnavailableException">The members bucket could not be reached within <paramref name="wait"/>.</exception>
    public async Task WaitForMembershipAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await _firstHeartbeat.Task.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw Log.Unavailable($"looking up the members of group {Name}", ex);
        }
        catch (OperationCanceledException) when (Log.IsDisposed)
        {
            // The log closed before the first heartbeat.
            throw new ObjectDisposedException(nameof(NatsEventLog));
        }
    }

    /// <summary>Called under <see cref="Gate"/> whenever this instance's or other processes' members change.</summary>
    private void Rebalance()
    {
        var all = _members.Select(m => m.Id).Concat(_otherMembers).Order(StringComparer.Ordinal).ToList();
        foreach (var member in _members)
        {
            var partitions = RangeAssignment.For(all.IndexOf(member.Id), all.Count, Log.PartitionCount);
            if (member.Assign(partitions))
            {
                NatsLogEvents.Assigned(logger, Name, member.Id, string.Join(',', partitions), all.Count);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? heartbeats;
        NatsLogConsumer[] members;
        lock (Gate)
        {
            heartbeats = _heartbeats;
            members = [.. _members];
        }

        // The log's closing token stops the loop; members still open leave so others take over at once.
        if (heartbeats is not null)
        {
            await heartbeats.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        foreach (var member in members)
        {
            await LeaveAsync(member).ConfigureAwait(false);
        }
    }
}
