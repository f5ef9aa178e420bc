using Tally.Core.Metrics;
using Tally.Core.Views;

namespace Tally.Views.Contract;

// Deleting an app and forgetting a user: what access control and privacy requests rely on.
public abstract partial class ViewStoreContractTests
{
    [Fact]
    public async Task Deleting_an_app_removes_its_speed_and_batch_cells_and_first_seen_rows_only()
    {
        var store = await CreateStoreAsync();
        foreach (string app in (string[])["app_a", "app_b"])
        {
            await store.CommitSpeedAsync(Commit([Count(Key(Metrics.Sessions.Name, Hour0, app: app), 2)], new() { [0] = 10 }));
            await store.CommitBatchAsync(new BatchCommit(Day0, app, [DayCell(Metrics.Sessions.Name, Day0, 3, app)],
                [new FirstSeen(app, "u1", Start(Day0))], 1));
        }

        int deleted = await store.DeleteAppAsync("app_a");

        Assert.Equal(3, deleted);
        Assert.Empty(await store.ReadSpeedAsync(Query(Metrics.Sessions.Name, app: "app_a")));
        Assert.Empty(await store.ReadBatchAsync(DayQuery(Metrics.Sessions.Name, app: "app_a")));
        Assert.Empty(await store.ReadFirstSeenAsync("app_a", ["u1"]));
        Assert.Single(await store.ReadSpeedAsync(Query(Metrics.Sessions.Name, app: "app_b")));
        Assert.Single(await store.ReadBatchAsync(DayQuery(Metrics.Sessions.Name, app: "app_b")));
        Assert.Single(await store.ReadFirstSeenAsync("app_b", ["u1"]));
        Assert.Equal(10, (await store.LoadSpeedCheckpointAsync("speed")).Offsets[0]);
    }

    [Fact]
    public async Task Deleting_an_unknown_app_deletes_nothing()
    {
        var store = await CreateStoreAsync();

        Assert.Equal(0, await store.DeleteAppAsync("app_never_seen"));
    }

    [Fact]
    public async Task Forgetting_a_user_removes_only_that_users_first_seen_row()
    {
        var store = await CreateStoreAsync();
        await store.CommitBatchAsync(new BatchCommit(Day0, null, [],
            [new FirstSeen("app_a", "u1", Start(Day0)), new FirstSeen("app_a", "u2", Start(Day0)), new FirstSeen("app_b", "u1", Start(Day0))], 1));

        Assert.True(await store.ForgetUserAsync("app_a", "u1"));
        Assert.False(await store.ForgetUserAsync("app_a", "u1"));

        Assert.Equal(["u2"], (await store.ReadFirstSeenAsync("app_a", ["u1", "u2"])).Keys);
        Assert.Single(await store.ReadFirstSeenAsync("app_b", ["u1"]));
    }
}
