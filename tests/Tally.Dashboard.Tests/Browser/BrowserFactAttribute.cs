namespace Tally.Dashboard.Tests.Browser;

/// <summary>
/// A test that drives Chromium. Without a Chromium such a test fails (it does not skip), so CI
/// cannot pass by silently running none; only <c>TALLY_SKIP_BROWSER_TESTS=1</c> skips them.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string SkipVariable = "TALLY_SKIP_BROWSER_TESTS";

    public BrowserFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(SkipVariable) == "1")
        {
            Skip = $"{SkipVariable}=1";
        }
    }
}
