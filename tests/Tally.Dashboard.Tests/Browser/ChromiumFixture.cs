using Microsoft.Playwright;

namespace Tally.Dashboard.Tests.Browser;

/// <summary>
/// One headless Chromium for every dashboard test (each test opens its own context, so storage
/// never leaks between tests). It is the machine's Chromium (<c>apt-get install chromium</c>), or
/// the one at <c>TALLY_CHROMIUM</c>: Playwright never downloads a browser here.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string PathVariable = "TALLY_CHROMIUM";

    private const string DefaultPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(BrowserFactAttribute.SkipVariable) == "1")
        {
            return;
        }
        string path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured ? configured : DefaultPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The dashboard tests need Chromium at {path}: install it (apt-get install -y chromium), point {PathVariable} at it, "
                + $"or set {BrowserFactAttribute.SkipVariable}=1 to skip these tests.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
