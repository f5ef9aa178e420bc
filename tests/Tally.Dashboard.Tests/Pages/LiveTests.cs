using Tally.Core.Views;
using Tally.Dashboard.Tests.Browser;
using static Tally.Dashboard.Tests.Seed;

namespace Tally.Dashboard.Tests.Pages;

[Collection(ChromiumCollection.Name)]
public class LiveTests(ChromiumFixture chromium)
{
    [BrowserFact]
    public async Task Live_shows_recent_users_and_todays_hours_beside_last_weeks_and_refreshes()
    {
        await using var server = await DashboardServer.StartAsync();
        var app = await server.CreateAppAsync("music");
        string id = app.App.Id;
        var minute = Now;
        var weekAgo = Today.AddDays(-7);
        await server.Views.CommitBatchAsync(Batch(weekAgo, watermark: Today,
            Users(id, "active_users", BucketSize.Hour, At(weekAgo, 9), ["old1", "old2"])));
        await server.Views.CommitSpeedAsync(Speed(
            Users(id, "active_users", BucketSize.Minute, minute, ["a", "b"]),
            Users(id, "active_users", BucketSize.Minute, minute.AddMinutes(-3), ["b", "c"]),
            Users(id, "active_users", BucketSize.Minute, minute.AddMinutes(-20), ["d"]),
            Users(id, "active_users", BucketSize.Hour, At(Today, 9), ["a", "b", "c"])));
        await using var session = await DashboardSession.OpenAsync(chromium, server);

        await session.OpenAsync(app.ReadKey, $"#/apps/{id}/live?refresh=2");

        Assert.Equal("3", await session.DataValueAsync("#live-5"));
        Assert.Equal("4", await session.DataValueAsync("#live-30"));
        Assert.StartsWith("≈ 3", await session.Page.TextContentAsync("#live-5"), StringComparison.Ordinal);
        var traces = await session.ChartAsync("chart-live");
        Assert.Equal(["Today", "7 days earlier"], traces.Select(t => t.Name));
        Assert.Equal(11, traces[0].Y.Length);
        Assert.Equal(3, traces[0].Y[9]);
        Assert.Equal(2, traces[1].Y[9]);

        // A new user this minute: the page picks it up on its next refresh, without a reload.
        await server.Views.CommitSpeedAsync(Speed(Users(id, "active_users", BucketSize.Minute, minute, ["e"])));
        await session.Page.WaitForFunctionAsync("() => document.getElementById('live-5').dataset.value === '4'");
        session.AssertNoBrowserErrors();
    }
}
