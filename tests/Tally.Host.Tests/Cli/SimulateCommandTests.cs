namespace Tally.Host.Tests.Cli;

public sealed class SimulateCommandTests
{
    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://127.0.0.1/")]
    public async Task Simulate_rejects_a_url_that_is_not_an_absolute_http_address(string url)
    {
        var result = await CliRunner.RunAsync("simulate", "--url", url, "--write-key", "wk_any");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--url must be an absolute http or https address", result.Error, StringComparison.Ordinal);
    }
}
