using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Tally.Host.Tests.Demo;

/// <summary>The real <c>tally up --demo</c> in a child process, read through the query API with the token it prints.</summary>
public sealed partial class DemoEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDataDirectory _dataDir = new();

    public void Dispose() => _dataDir.Dispose();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Demo_prints_token_and_url_and_serves_batch_history_and_speed_today()
    {
        // Generous: the demo aims at 60 s, the test machine may be busier than a user's.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        Directory.CreateDirectory(_dataDir.Path);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dataDir.Path };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "tally.dll"), "up", "--demo", "--data", Path.Combine(_dataDir.Path, "demo"), "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = new Process { StartInfo = start };
        var transcript = new StringBuilder();
        var ready = new TaskCompletionSource<(string Url, string Token, string AppId)>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? appId = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (transcript)
            {
                transcript.AppendLine(e.Data);
            }
            if (AppLine().Match(e.Data) is { Success: true } app)
            {
                appId ??= app.Groups["id"].Value;
                ready.TrySetResult((Url!, Token!, appId));
            }
            else if (DashboardLine().Match(e.Data) is { Success: true } dashboard)
            {
                (Url, Token) = (dashboard.Groups["url"].Value, dashboard.Groups["token"].Value);
            }
        };
        process.ErrorDataReceived += (_, e) => { lock (transcript) { transcript.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var (url, token, id) = await ready.Task.WaitAsync(deadline.Token);
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.GetAsync($"/api/v1/apps/{id}/metrics/active_users?interval=day", deadline.Token);
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token));
            var points = body.RootElement.GetProperty("series")[0].GetProperty("points").EnumerateArray().ToList();
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var past = points.Where(p => DateOnly.FromDateTime(p.GetProperty("bucket").GetDateTimeOffset().UtcDateTime) < today.AddDays(-1)).ToList();
            Assert.NotEmpty(past);
            Assert.All(past, p => Assert.Equal("batch", p.GetProperty("source").GetString()));
            Assert.Contains(past, p => p.GetProperty("value").GetDouble() > 0);
            var last = points[^1];
            Assert.Equal("speed", last.GetProperty("source").GetString());
            Assert.True(last.GetProperty("value").GetDouble() > 0);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync(CancellationToken.None);
            lock (transcript)
            {
                output.WriteLine(transcript.ToString());
            }
        }
    }

    private string? Url { get; set; }

    private string? Token { get; set; }

    [GeneratedRegex(@"^Dashboard: (?<url>\S+)/\s+Log in with the admin token: (?<token>\S+)")]
    private static partial Regex DashboardLine();

    [GeneratedRegex(@"^\s+.+ app (?<id>app_\S+)\s+read key")]
    private static partial Regex AppLine();
}
