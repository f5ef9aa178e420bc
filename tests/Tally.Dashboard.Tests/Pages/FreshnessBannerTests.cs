using Tally.Core.Views;
using Tally.Dashboard.Tests.Browser;
using static Tally.Dashboard.Tests.Seed;

namespace Tally.Dashboard.Tests.Pages;

[Collection(ChromiumCollection.Name)]
public class FreshnessBannerTests(ChromiumFixture chromium)
{
    [BrowserFact]
    public async Task A_late_batch_is_announced_with_its_watermark()
    {
        await using var server = await DashboardServer.StartAsync();
        var app = await server.CreateAppAsync("music");
        var watermark = Today.AddDays(-3);
        await server.Views.CommitBatchAsync(Batch(watermark.AddDays(-1), watermark,
            Users(app.App.Id, "active_users", BucketSize.Day, At(watermark.AddDays(-1)), ["a"])));
        await using var session = await DashboardSession.OpenAsync(chromium, server);

        await session.OpenAsync(app.ReadKey, $"#/apps/{app.App.Id}/overview?from={Iso(Today.AddDays(-6))}&to={Iso(Today)}");

        var banner = session.Page.Locator("[data-banner='batch-late']");
        await banner.WaitForAsync();
        Assert.Contains($"exact figures stop before {Iso(watermark)}", await banner.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await session.Page.Locator("[data-banner='live-stale']").CountAsync());
        session.AssertNoBrowserErrors();
    }

    [BrowserFact]
    public async Task Stale_live_data_is_announced_with_its_age()
    {
        await using var server = await DashboardServer.StartAsync();
        var app = await server.CreateAppAsync("music");
        await server.Views.CommitBatchAsync(Batch(Today.AddDays(-1), watermark: Today));
        // Records wait in the log and the speed layer commits nothing while the clock moves past StaleAfter (1 min).
        await server.Log.AppendAsync(0, new byte[] { 1 });
        using (var http = new HttpClient { BaseAddress = server.Address })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", DashboardServer.AdminToken);
            (await http.GetAsync("/api/v1/status")).EnsureSuccessStatusCode();
        }
        server.Clock.Advance(TimeSpan.FromMinutes(5));
        await using var session = await DashboardSession.OpenAsync(chromium, server);

        await session.OpenAsync(app.ReadKey, $"#/apps/{app.App.Id}/live");

        var banner = session.Page.Locator("[data-banner='live-stale']");
        await banner.WaitForAsync();
        Assert.Contains("Live data is stale", await banner.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("5 min", await banner.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await session.Page.Locator("[data-banner='batch-late']").CountAsync());
        session.AssertNoBrowserErrors();
    }
}
