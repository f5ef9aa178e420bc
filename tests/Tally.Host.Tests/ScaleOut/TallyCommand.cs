using System.Diagnostics;

namespace Tally.Host.Tests.ScaleOut;

/// <summary>A one-shot <c>tally</c> command in a child process, with its own environment (e.g. the PostgreSQL engine settings).</summary>
internal static class TallyCommand
{
    public static async Task<CliResult> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> settings, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tally.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("TALLY__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start tally.");
        // Both pipes drained at once, so a chatty child cannot block on a full pipe.
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
