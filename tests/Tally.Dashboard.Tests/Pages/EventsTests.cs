using Tally.Core.Views;
using Tally.Dashboard.Tests.Browser;
using static Tally.Dashboard.Tests.Seed;

namespace Tally.Dashboard.Tests.Pages;

[Collection(ChromiumCollection.Name)]
public class EventsTests(ChromiumFixture chromium)
{
    private static readonly DateOnly Monday = new(2025, 3, 10);

    [BrowserFact]
    public async Task Top_events_lead_to_an_events_series_and_its_property_breakdown()
    {
        await using var server = await DashboardServer.StartAsync();
        var app = await server.CreateAppAsync("music");
        string id = app.App.Id;
        var day = At(Monday);
        await server.Views.CommitBatchAsync(Batch(Monday, watermark: Today,
            Count(id, "events", day, 3, key: "Purchase"),
            Count(id, "events", day, 2, key: "Purchase", dimension: "property:plan", dimensionValue: "pro"),
            Count(id, "events", day, 1, key: "Purchase", dimension: "property:plan", dimensionValue: "basic"),
            Count(id, "events", day, 7, key: "Song Played"),
            Users(id, "event_users", BucketSize.Day, day, ["a"], key: "Purchase"),
            Users(id, "event_users", BucketSize.Day, day, ["a", "b"], key: "Song Played")));
        await using var session = await DashboardSession.OpenAsync(chromium, server);

        await session.OpenAsync(app.ReadKey, $"#/apps/{id}/events?from=2025-03-10&to=2025-03-10");

        var rows = session.Page.Locator("#top-events tbody tr");
        await rows.Nth(1).WaitForAsync();
        Assert.Equal(["Song Played", "Purchase"], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.event)"));
        Assert.Equal(["7", "2"], await rows.Nth(0).Locator("td.n").AllTextContentsAsync());

        await session.Page.ClickAsync("#top-events a:text-is('Purchase')");
        var series = await session.ChartAsync("chart-event");
        Assert.Equal(["Count", "Users"], series.Select(t => t.Name));
        Assert.Equal([3.0], series[0].Y);
        Assert.Equal([1.0], series[1].Y);

        await session.Page.SelectOptionAsync("select[name=breakdown]", "property");
        await session.Page.FillAsync("input[name=property]", "plan");
        await session.Page.PressAsync("input[name=property]", "Enter");
        var breakdown = await session.ChartAsync("chart-event-breakdown");
        Assert.Equal(new Dictionary<string, double?> { ["pro"] = 2, ["basic"] = 1 }, breakdown.ToDictionary(t => t.Name, t => t.Y.Single()));
        Assert.Contains("breakdown=property%3Aplan", await session.Page.EvaluateAsync<string>("() => location.hash"), StringComparison.Ordinal);
        session.AssertNoBrowserErrors();
    }
}
