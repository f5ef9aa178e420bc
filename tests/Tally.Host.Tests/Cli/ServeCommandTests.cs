namespace Tally.Host.Tests.Cli;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_requires_the_roles_to_be_named()
    {
        var result = await CliRunner.RunAsync("serve", "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--roles", result.Error, StringComparison.Ordinal);
    }
}
