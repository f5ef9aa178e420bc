using Tally.Core.Views;
using Tally.Dashboard.Tests.Browser;
using static Tally.Dashboard.Tests.Seed;

namespace Tally.Dashboard.Tests.Pages;

[Collection(ChromiumCollection.Name)]
public class OverviewTests(ChromiumFixture chromium)
{
    private static readonly DateOnly[] Days = [new(2025, 3, 8), new(2025, 3, 9), new(2025, 3, 10)];

    [BrowserFact]
    public async Task Cards_and_charts_show_the_batch_views()
    {
        await using var server = await DashboardServer.StartAsync();
        var app = await server.CreateAppAsync("music");
        string id = app.App.Id;
        int[] active = [3, 5, 4];
        int[] sessions = [7, 9, 8];
        int[] newUsers = [2, 1, 3];
        for (int d = 0; d < Days.Length; d++)
        {
            var day = At(Days[d]);
            // Disjoint users per day: WAU on day d is the sum of the days so far.
            List<ViewCell> cells =
            [
                Users(id, "active_users", BucketSize.Day, day, UserIds($"d{d}-", active[d])),
                Count(id, "sessions", day, sessions[d]),
                Count(id, "new_users", day, newUsers[d]),
            ];
            if (d == 1)
            {
                cells.Add(Users(id, "crashed_users", BucketSize.Day, day, UserIds("d1-", 1)));
            }
            await server.Views.CommitBatchAsync(Batch(Days[d], watermark: Today, cells));
        }
        await using var session = await DashboardSession.OpenAsync(chromium, server);

        await session.OpenAsync(app.ReadKey, $"#/apps/{id}/overview?from=2025-03-08&to=2025-03-10&interval=day");

        Assert.Equal([3.0, 5, 4], Assert.Single(await session.ChartAsync("chart-active_users")).Y);
        Assert.Equal([7.0, 9, 8], Assert.Single(await session.ChartAsync("chart-sessions")).Y);
        Assert.Equal([2.0, 1, 3], Assert.Single(await session.ChartAsync("chart-new_users")).Y);
        Assert.Equal([3.0, 8, 12], Assert.Single(await session.ChartAsync("chart-wau")).Y);
        Assert.Equal([1.0, 0.8, 1], Assert.Single(await session.ChartAsync("chart-crash_free_users")).Y);
        Assert.Equal("24", await session.DataValueAsync("#headline-sessions"));
        Assert.Equal("4", await session.DataValueAsync("#headline-active_users"));
        Assert.Equal("4", await session.Page.TextContentAsync("#headline-active_users"));
        Assert.Equal(0, await session.Page.Locator("#banners .banner").CountAsync());
        session.AssertNoBrowserErrors();
    }

    [BrowserFact]
    public async Task A_breakdown_draws_one_stacked_series_per_value()
    {
        await using var server = await DashboardServer.StartAsync();
        var app = await server.CreateAppAsync("music");
        string id = app.App.Id;
        var day = Days[2];
        await server.Views.CommitBatchAsync(Batch(day, watermark: Today,
            Count(id, "sessions", At(day), 7),
            Count(id, "sessions", At(day), 4, dimension: "os", dimensionValue: "iOS"),
            Count(id, "sessions", At(day), 3, dimension: "os", dimensionValue: "Android")));
        await using var session = await DashboardSession.OpenAsync(chromium, server);

        await session.OpenAsync(app.ReadKey, $"#/apps/{id}/overview?from=2025-03-10&to=2025-03-10&breakdown=os");

        var traces = await session.ChartAsync("chart-sessions");
        Assert.All(traces, t => Assert.Equal("bar", t.Type));
        Assert.Equal(new Dictionary<string, double?> { ["iOS"] = 4, ["Android"] = 3 }, traces.ToDictionary(t => t.Name, t => t.Y.Single()));
        Assert.Equal("stack", await session.Page.EvaluateAsync<string>("() => document.getElementById('chart-sessions').layout.barmode"));
        Assert.Equal("os", await session.Page.InputValueAsync("select[name=breakdown]"));
        session.AssertNoBrowserErrors();
    }

    [BrowserFact]
    public async Task Speed_layer_points_are_marked_as_estimates()
    {
        await using var server = await DashboardServer.StartAsync();
        var app = await server.CreateAppAsync("music");
        string id = app.App.Id;
        var yesterday = Today.AddDays(-1);
        await server.Views.CommitBatchAsync(Batch(yesterday, watermark: Today,
            Users(id, "active_users", BucketSize.Day, At(yesterday), UserIds("y", 2))));
        await server.Views.CommitSpeedAsync(Speed(
            Users(id, "active_users", BucketSize.Hour, At(Today, 8), ["a", "b"]),
            Users(id, "active_users", BucketSize.Hour, At(Today, 9), ["b", "c"])));
        await using var session = await DashboardSession.OpenAsync(chromium, server);

        await session.OpenAsync(app.ReadKey, $"#/apps/{id}/overview?from={Iso(yesterday)}&to={Iso(Today)}");

        var trace = Assert.Single(await session.ChartAsync("chart-active_users"));
        Assert.Equal([2.0, 3], trace.Y);
        Assert.StartsWith("2 · batch", trace.Text[0], StringComparison.Ordinal);
        Assert.Matches(@"^≈ 3 ±0\.0\d+ · speed$", trace.Text[1]);
        Assert.StartsWith("≈ 3 ±", await session.Page.TextContentAsync("#headline-active_users"), StringComparison.Ordinal);
        session.AssertNoBrowserErrors();
    }
}
