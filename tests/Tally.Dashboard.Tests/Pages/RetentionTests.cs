using Tally.Dashboard.Tests.Browser;
using static Tally.Dashboard.Tests.Seed;

namespace Tally.Dashboard.Tests.Pages;

[Collection(ChromiumCollection.Name)]
public class RetentionTests(ChromiumFixture chromium)
{
    [BrowserFact]
    public async Task The_cohort_table_shows_sizes_and_shares_with_unknown_days_blank()
    {
        await using var server = await DashboardServer.StartAsync();
        var app = await server.CreateAppAsync("music");
        string id = app.App.Id;
        DateOnly early = new(2025, 2, 1), late = new(2025, 3, 10);
        await server.Views.CommitBatchAsync(Batch(early, watermark: Today,
            Count(id, "new_users", At(early), 10), Retained(id, 1, early, 6), Retained(id, 7, early, 3), Retained(id, 30, early, 1)));
        await server.Views.CommitBatchAsync(Batch(late, watermark: Today,
            Count(id, "new_users", At(late), 4), Retained(id, 1, late, 2)));
        await using var session = await DashboardSession.OpenAsync(chromium, server);

        await session.OpenAsync(app.ReadKey, $"#/apps/{id}/retention?from={Iso(early)}&to={Iso(late)}");

        var earlyRow = session.Page.Locator($"#retention tr[data-day='{Iso(early)}']");
        var lateRow = session.Page.Locator($"#retention tr[data-day='{Iso(late)}']");
        await lateRow.WaitForAsync();
        Assert.Equal(["Cohort", "New users", "Day 1", "Day 7", "Day 30"], await session.Page.Locator("#retention th").AllTextContentsAsync());
        Assert.Equal([Iso(early), "10", "60%", "30%", "10%"], await earlyRow.Locator("td").AllTextContentsAsync());
        Assert.Equal([Iso(late), "4", "50%", "—", "—"], await lateRow.Locator("td").AllTextContentsAsync());
        Assert.Equal("0.6", await earlyRow.Locator("td[data-days='1']").EvaluateAsync<string>("td => td.style.getPropertyValue('--share')"));
        Assert.Equal(Iso(late), await session.Page.Locator("#retention tbody tr").First.GetAttributeAsync("data-day"));
        session.AssertNoBrowserErrors();
    }
}
