using Tally.Host.Cli;

namespace Tally.Host.Tests;

internal sealed record CliResult(int ExitCode, string Output, string Error);

internal static class CliRunner
{
    /// <summary>Runs <c>tally ARGS</c> in-process, as a user would in a terminal.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs <c>tally ARGS</c> in-process with <paramref name="input"/> as what the user types (e.g. a confirmation).</summary>
    public static async Task<CliResult> RunWithInputAsync(string input, params string[] args)
    {
        var output = new CapturedOutput();
        var error = new CapturedOutput();
        using var typed = new StringReader(input);
        var exitCode = await TallyCli.Build(output, error, typed).InvokeAsync(args);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
