using Tally.Dashboard.Tests.Browser;

namespace Tally.Dashboard.Tests.Pages;

[Collection(ChromiumCollection.Name)]
public class SignInTests(ChromiumFixture chromium)
{
    [BrowserFact]
    public async Task A_read_key_opens_its_apps_overview_and_is_sent_as_a_bearer_token()
    {
        await using var server = await DashboardServer.StartAsync();
        var app = await server.CreateAppAsync("music");
        await server.CreateAppAsync("other");
        await using var session = await DashboardSession.OpenAsync(chromium, server);

        var appsRequest = session.Page.WaitForRequestAsync(r => r.Url.EndsWith("/api/v1/apps", StringComparison.Ordinal));
        await session.SignInAsync(app.ReadKey);

        Assert.Equal($"Bearer {app.ReadKey}", (await appsRequest).Headers["authorization"]);
        await session.Page.WaitForFunctionAsync("id => location.hash === `#/apps/${id}/overview`", app.App.Id);
        await session.Page.Locator("#app-name").Filter(new() { HasText = app.App.Name }).WaitForAsync();
        Assert.Equal(app.ReadKey, await session.Page.EvaluateAsync<string>("() => sessionStorage.getItem('tally.token')"));
        session.AssertNoBrowserErrors();
    }

    [BrowserFact]
    public async Task The_admin_token_lists_every_app()
    {
        await using var server = await DashboardServer.StartAsync();
        var first = await server.CreateAppAsync("first");
        var second = await server.CreateAppAsync("second");
        await using var session = await DashboardSession.OpenAsync(chromium, server);

        await session.SignInAsync(DashboardServer.AdminToken);

        var links = session.Page.Locator("#app-list a");
        await links.Nth(1).WaitForAsync();
        string[] ids = [.. (await links.EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.appId)")).Order()];
        Assert.Equal([.. new[] { first.App.Id, second.App.Id }.Order()], ids);
        session.AssertNoBrowserErrors();
    }

    [BrowserFact]
    public async Task A_wrong_token_is_refused_and_not_kept()
    {
        await using var server = await DashboardServer.StartAsync();
        await using var session = await DashboardSession.OpenAsync(chromium, server);

        await session.SignInAsync("not-a-token");

        await session.Page.Locator("#login-error").Filter(new() { HasText = "neither a read key nor the admin token" }).WaitForAsync();
        Assert.Null(await session.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('tally.token')"));
    }

    [BrowserFact]
    public async Task Without_a_token_every_page_leads_to_sign_in()
    {
        await using var server = await DashboardServer.StartAsync();
        var app = await server.CreateAppAsync("music");
        await using var session = await DashboardSession.OpenAsync(chromium, server);

        await session.Page.GotoAsync($"/#/apps/{app.App.Id}/overview");

        await session.Page.Locator("#token").WaitForAsync();
        Assert.Equal("#/login", await session.Page.EvaluateAsync<string>("() => location.hash"));
        session.AssertNoBrowserErrors();
    }
}
