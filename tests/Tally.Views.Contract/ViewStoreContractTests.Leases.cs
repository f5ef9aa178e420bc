using Tally.Core.Metrics;
using Tally.Core.Views;

namespace Tally.Views.Contract;

// Batch leases: who computes which day when several batch workers share the store.
public abstract partial class ViewStoreContractTests
{
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(10);

    // Expired by the time anyone else asks; tests wait for the expiry by polling, never by sleeping a fixed time.
    private static readonly TimeSpan InstantLease = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task A_day_that_needs_a_batch_is_claimed_by_one_worker_until_its_lease_ends()
    {
        var store = await CreateStoreAsync();
        await store.MarkArchivedAsync([Day0]);

        var lease = await store.TryClaimDayAsync(Day0, "worker-a", LongLease);

        Assert.NotNull(lease);
        Assert.Equal((Day0, "worker-a", 1L), (lease.Day, lease.WorkerId, lease.ArchiveVersion));
        Assert.True(lease.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(5), $"expires at {lease.ExpiresAt}");
        Assert.Null(await store.TryClaimDayAsync(Day0, "worker-b", LongLease));
        Assert.Null(await store.TryClaimDayAsync(Day0, "worker-a", LongLease));
    }

    [Fact]
    public async Task Two_workers_never_hold_the_same_day()
    {
        var store = await CreateStoreAsync();
        await store.MarkArchivedAsync([Day0, Day0.AddDays(1)]);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.TryClaimDayAsync(Day0.AddDays(i % 2), $"worker-{i}", LongLease))));

        Assert.Equal([Day0, Day0.AddDays(1)], claims.OfType<BatchLease>().Select(l => l.Day).Order());
    }

    [Fact]
    public async Task A_day_with_nothing_to_batch_cannot_be_claimed()
    {
        var store = await CreateStoreAsync();
        await store.MarkArchivedAsync([Day0]);
        await store.CommitBatchAsync(new BatchCommit(Day0, null, [], [], ArchiveVersion: 1));

        Assert.Null(await store.TryClaimDayAsync(Day0, "worker-a", LongLease));
        Assert.Null(await store.TryClaimDayAsync(Day0.AddDays(1), "worker-a", LongLease));
    }

    [Fact]
    public async Task An_expired_lease_is_claimed_by_another_worker_and_can_no_longer_be_renewed()
    {
        var store = await CreateStoreAsync();
        await store.MarkArchivedAsync([Day0]);
        var stale = await store.TryClaimDayAsync(Day0, "worker-a", InstantLease);

        var taken = await ClaimOnceExpiredAsync(store, Day0, "worker-b");

        Assert.True(taken.Token > stale!.Token);
        Assert.Null(await store.RenewAsync(stale, LongLease));
        Assert.Null(await store.TryClaimDayAsync(Day0, "worker-a", LongLease));
    }

    [Fact]
    public async Task A_renewed_lease_keeps_its_day()
    {
        var store = await CreateStoreAsync();
        await store.MarkArchivedAsync([Day0]);
        var lease = await store.TryClaimDayAsync(Day0, "worker-a", InstantLease);

        var renewed = await store.RenewAsync(lease!, LongLease);

        Assert.NotNull(renewed);
        Assert.Equal(lease!.Token, renewed.Token);
        Assert.True(renewed.ExpiresAt > lease.ExpiresAt);
        Assert.Null(await store.TryClaimDayAsync(Day0, "worker-b", LongLease));
    }

    [Fact]
    public async Task A_commit_with_a_stale_lease_fails_and_changes_nothing()
    {
        var store = await CreateStoreAsync();
        await store.MarkArchivedAsync([Day0]);
        var stale = await store.TryClaimDayAsync(Day0, "worker-a", InstantLease);
        var current = await ClaimOnceExpiredAsync(store, Day0, "worker-b");
        var cell = DayCell(Metrics.ActiveUsers.Name, Day0, 7);

        var lost = await Assert.ThrowsAsync<BatchLeaseLostException>(() => store.CommitBatchAsync(
            new BatchCommit(Day0, null, [cell], [new FirstSeen("app_a", "u1", Start(Day0))], 1, Day0.AddDays(1), stale)));

        Assert.Equal(stale, lost.Lease);
        Assert.Empty(await store.ReadBatchAsync(DayQuery(Metrics.ActiveUsers.Name)));
        Assert.Empty(await store.ReadFirstSeenAsync("app_a", ["u1"]));
        var progress = await store.LoadBatchProgressAsync();
        Assert.True(Assert.Single(progress.Days).NeedsBatch);
        Assert.Null(progress.Watermark);
        Assert.NotNull(await store.RenewAsync(current, LongLease));
    }

    [Fact]
    public async Task A_commit_ends_its_lease_and_a_later_archive_makes_the_day_claimable_at_once()
    {
        var store = await CreateStoreAsync();
        await store.MarkArchivedAsync([Day0]);
        var lease = await store.TryClaimDayAsync(Day0, "worker-a", LongLease);

        await store.CommitBatchAsync(new BatchCommit(Day0, null, [DayCell(Metrics.ActiveUsers.Name, Day0, 7)], [], 1, Lease: lease));
        await store.MarkArchivedAsync([Day0]);

        Assert.Equal(7, Assert.Single(await store.ReadBatchAsync(DayQuery(Metrics.ActiveUsers.Name))).Value);
        Assert.Null(await store.RenewAsync(lease!, LongLease));
        var next = await store.TryClaimDayAsync(Day0, "worker-b", LongLease);
        Assert.Equal(2, next?.ArchiveVersion);
        await Assert.ThrowsAsync<BatchLeaseLostException>(() => store.CommitBatchAsync(new BatchCommit(Day0, null, [], [], 1, Lease: lease)));
    }

    [Fact]
    public async Task A_released_day_is_claimable_at_once_and_its_old_lease_cannot_commit()
    {
        var store = await CreateStoreAsync();
        await store.MarkArchivedAsync([Day0]);
        var released = await store.TryClaimDayAsync(Day0, "worker-a", LongLease);

        await store.ReleaseAsync(released!);

        Assert.NotNull(await store.TryClaimDayAsync(Day0, "worker-b", LongLease));
        await Assert.ThrowsAsync<BatchLeaseLostException>(() => store.CommitBatchAsync(new BatchCommit(Day0, null, [], [], 1, Lease: released)));
    }

    [Fact]
    public async Task A_commit_without_a_lease_takes_the_day_over_from_its_holder()
    {
        var store = await CreateStoreAsync();
        await store.MarkArchivedAsync([Day0]);
        var held = await store.TryClaimDayAsync(Day0, "worker-a", LongLease);

        await store.CommitBatchAsync(new BatchCommit(Day0, null, [DayCell(Metrics.ActiveUsers.Name, Day0, 3)], [], 1));

        await Assert.ThrowsAsync<BatchLeaseLostException>(() => store.CommitBatchAsync(
            new BatchCommit(Day0, null, [DayCell(Metrics.ActiveUsers.Name, Day0, 9)], [], 1, Lease: held)));
        Assert.Equal(3, Assert.Single(await store.ReadBatchAsync(DayQuery(Metrics.ActiveUsers.Name))).Value);
    }

    [Fact]
    public async Task The_watermark_stops_at_a_day_archived_and_never_batched()
    {
        var store = await CreateStoreAsync();
        await store.MarkArchivedAsync([Day0, Day0.AddDays(1)]);

        await store.CommitBatchAsync(new BatchCommit(Day0.AddDays(1), null, [], [], 1, Watermark: Day0.AddDays(2)));
        var held = (await store.LoadBatchProgressAsync()).Watermark;
        await store.CommitBatchAsync(new BatchCommit(Day0, null, [], [], 1, Watermark: Day0.AddDays(2)));

        Assert.Equal(Day0, held);
        Assert.Equal(Day0.AddDays(2), (await store.LoadBatchProgressAsync()).Watermark);
    }

    /// <summary>Claims the day as soon as its current lease has expired (polled, with a deadline).</summary>
    private static async Task<BatchLease> ClaimOnceExpiredAsync(IViewStore store, DateOnly day, string workerId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await store.TryClaimDayAsync(day, workerId, LongLease, deadline.Token) is { } lease)
            {
                return lease;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(5), deadline.Token);
        }
    }
}
