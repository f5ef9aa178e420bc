using Tally.Host.Cli;

namespace Tally.Host.Tests;

internal sealed record CliResult(int ExitCode, string Output, string Error);

internal static class CliRunner
{
    /// <summary>Runs <c>tally ARGS</c> in-process, as a user would in a terminal.</summary>
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var output = new CapturedOutput();
        var error = new CapturedOutput();
        var exitCode = await TallyCli.Build(output, error).InvokeAsync(args);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
