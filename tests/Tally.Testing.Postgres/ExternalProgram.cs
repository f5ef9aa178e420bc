using System.Diagnostics;

namespace Tally.Testing.Postgres;

/// <summary>
/// Runs a program (pg_ctl, runuser, mount, ...) to its end for a test fixture, with its arguments passed
/// as they are (no shell) and both output pipes drained, so a chatty child cannot block on a full pipe.
/// </summary>
public static class ExternalProgram
{
    /// <summary>Runs <paramref name="program"/> and returns its exit code.</summary>
    public static async Task<int> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) =>
        (await RunCapturedAsync(program, arguments, cancellationToken)).ExitCode;

    /// <summary>Runs <paramref name="program"/>; if it fails, throws with its command line, exit code and output.</summary>
    public static async Task RunCheckedAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        var (exitCode, output) = await RunCapturedAsync(program, arguments, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"`{program} {string.Join(' ', arguments)}` exited with {exitCode}: {output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunCapturedAsync(
        string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        // Errors first: that is what a failure message needs.
        return (process.ExitCode, await stderr + await stdout);
    }
}
