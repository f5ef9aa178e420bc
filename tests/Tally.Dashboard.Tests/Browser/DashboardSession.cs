using System.Text.Json;
using Microsoft.Playwright;

namespace Tally.Dashboard.Tests.Browser;

/// <summary>
/// One browser context (its own sessionStorage) on one <see cref="DashboardServer"/>. Records every
/// console error and uncaught exception, which is how a Content-Security-Policy violation shows.
/// </summary>
public sealed class DashboardSession : IAsyncDisposable
{
    // Generous: two shared cores may be busy with other builds while a page draws.
    private const float TimeoutMs = 30_000;

    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    private DashboardSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
    }

    public IPage Page { get; }

    public static async Task<DashboardSession> OpenAsync(ChromiumFixture chromium, DashboardServer server)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString() });
        context.SetDefaultTimeout(TimeoutMs);
        return new DashboardSession(context, await context.NewPageAsync());
    }

    public async Task SignInAsync(string token)
    {
        await Page.GotoAsync("/#/login");
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("#sign-in");
    }

    /// <summary>Signs in, then opens <paramref name="hash"/> (e.g. <c>#/apps/ID/overview?from=…</c>).</summary>
    public async Task OpenAsync(string token, string hash)
    {
        await SignInAsync(token);
        await Page.WaitForFunctionAsync("() => !location.hash.startsWith('#/login')");
        await Page.EvaluateAsync("hash => { location.hash = hash; }", hash);
    }

    /// <summary>The traces plotly drew in the chart with this id (name, y, text, type), once it has drawn some.</summary>
    public async Task<Trace[]> ChartAsync(string chartId)
    {
        try
        {
            await Page.WaitForFunctionAsync("id => document.getElementById(id)?.data?.length > 0", chartId);
        }
        catch (TimeoutException e)
        {
            string errors;
            lock (_errors)
            {
                errors = string.Join(" | ", _errors);
            }
            int charts = await Page.EvaluateAsync<int>("id => document.querySelectorAll('#' + id).length", chartId);
            throw new TimeoutException($"Chart {chartId} drew nothing at {Page.Url} ({charts} elements with that id); browser errors: {errors}", e);
        }
        var traces = await Page.EvaluateAsync<JsonElement>(
            "id => document.getElementById(id).data.map(t => ({ name: t.name, type: t.type, y: t.y, text: t.text }))", chartId);
        return [.. traces.EnumerateArray().Select(Trace.From)];
    }

    /// <summary>Waits until the element has a <c>data-value</c> and returns it.</summary>
    public async Task<string> DataValueAsync(string selector)
    {
        var element = Page.Locator(selector);
        await Page.WaitForFunctionAsync("s => document.querySelector(s)?.dataset.value !== undefined", selector);
        return await element.GetAttributeAsync("data-value") ?? "";
    }

    public void AssertNoBrowserErrors()
    {
        lock (_errors)
        {
            Assert.True(_errors.Count == 0, "The page reported errors: " + string.Join(" | ", _errors));
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}

/// <summary>A plotted trace as the page handed it to plotly.</summary>
public sealed record Trace(string Name, string Type, double?[] Y, string[] Text)
{
    public static Trace From(JsonElement trace) => new(
        trace.GetProperty("name").GetString() ?? "",
        trace.GetProperty("type").GetString() ?? "",
        [.. trace.GetProperty("y").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble())],
        [.. trace.GetProperty("text").EnumerateArray().Select(v => v.GetString() ?? "")]);
}
