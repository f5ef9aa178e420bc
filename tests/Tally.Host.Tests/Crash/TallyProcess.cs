using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Tally.Host.Tests.Crash;

/// <summary>
/// The real <c>tally up</c> (or <c>tally serve</c>) in a child process: the tally.dll built next to the tests, on a
/// given data dir and a free loopback port. Disposing kills it if it still runs and writes its
/// output to the test's output, where a failure message points.
/// </summary>
internal sealed partial class TallyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ITestOutputHelper _testOutput;
    private readonly StringBuilder _transcript = new();
    private readonly TaskCompletionSource<Uri> _banner = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TallyProcess(Process process, ITestOutputHelper testOutput)
    {
        _process = process;
        _testOutput = testOutput;
    }

    /// <summary>Where the server listens, as printed in its banner.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public int Id => _process.Id;

    /// <summary>Whether the process is still running (a fault must not take it down).</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Transcript
    {
        get
        {
            lock (_transcript)
            {
                return _transcript.ToString();
            }
        }
    }

    /// <summary>Starts <c>tally up</c> (or <paramref name="command"/>) and returns once its banner is printed and <c>/healthz</c> answers 200.</summary>
    /// <param name="settings">Environment variables for the child (e.g. <c>TALLY__SPEED__COMMITINTERVAL</c>); none of the test runner's own <c>TALLY__*</c> ones pass.</param>
    /// <param name="command">The command and its own arguments, e.g. <c>serve --roles speed</c>; <c>up</c> by default. <c>--data</c> and <c>--urls</c> are added.</param>
    /// <param name="listenAt">The address to bind, e.g. a killed process's own, so a restart is found where its clients look; a free port when null.</param>
    public static async Task<TallyProcess> StartAsync(
        string dataDirectory, ITestOutputHelper testOutput, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? settings = null, IReadOnlyList<string>? command = null, Uri? listenAt = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // No appsettings.json from wherever the tests run: the host's defaults apply.
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tally.dll"));
        foreach (var argument in command ?? ["up"])
        {
            start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(dataDirectory);
        start.ArgumentList.Add("--urls");
        // Port 0: the banner tells the port actually bound.
        start.ArgumentList.Add(listenAt?.GetLeftPart(UriPartial.Authority) ?? "http://127.0.0.1:0");
        // Nor settings from the environment: the test reads the log with the host's default partition count.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("TALLY__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var tally = new TallyProcess(new Process { StartInfo = start }, testOutput);
        tally._process.OutputDataReceived += (_, e) => tally.OnOutput(e.Data, "out");
        tally._process.ErrorDataReceived += (_, e) => tally.OnOutput(e.Data, "err");
        tally._process.Start();
        tally._process.BeginOutputReadLine();
        tally._process.BeginErrorReadLine();
        var up = false;
        try
        {
            var exited = tally._process.WaitForExitAsync(cancellationToken);
            if (await Task.WhenAny(tally._banner.Task, exited) == exited)
            {
                await exited; // throws when the deadline passed
                throw new InvalidOperationException($"tally {string.Join(' ', command ?? ["up"])} exited with {tally._process.ExitCode} before it was up; its output is in the test output.");
            }
            tally.BaseAddress = await tally._banner.Task;
            await tally.WaitUntilHealthyAsync(cancellationToken);
            up = true;
            return tally;
        }
        finally
        {
            if (!up)
            {
                await tally.DisposeAsync();
            }
        }
    }

    /// <summary>SIGKILL: no finally blocks, no flush, no shutdown hooks run in the child.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>SIGTERM, as a service manager stops Tally; returns the exit code.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _testOutput.WriteLine($"--- tally {string.Join(' ', _process.StartInfo.ArgumentList.Skip(1).Take(3))} (pid {_process.Id}, exit code {_process.ExitCode}) ---{Environment.NewLine}{Transcript}");
        _process.Dispose();
    }

    private void OnOutput(string? line, string stream)
    {
        if (line is null)
        {
            return;
        }
        lock (_transcript)
        {
            _transcript.Append(stream).Append(": ").AppendLine(line);
        }
        if (BannerLine().Match(line) is { Success: true } banner)
        {
            _banner.TrySetResult(new Uri(banner.Groups["url"].Value));
        }
    }

    /// <summary>Whether <c>/healthz</c> answers 200 now: every seam the process uses (log, view store) is reachable.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        using var response = await client.GetAsync("/healthz", cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>The banner comes after start-up (log recovery included); health is polled anyway, as an operator's probe would.</summary>
    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        while (true)
        {
            using var response = await client.GetAsync("/healthz", cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            // Short: a healthy server answers the next probe; the caller's token is the deadline.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    [GeneratedRegex(@"^Tally is up at (?<url>\S+)")]
    private static partial Regex BannerLine();
}
