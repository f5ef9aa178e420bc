using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Tally.Core.Apps;
using Tally.Host.Cli;
using Tally.Host.Configuration;
using Tally.Host.Hosting;

namespace Tally.Host.Tests.Hosting;

public sealed partial class TallyHostTests
{
    [Fact]
    public async Task Apps_created_by_the_cli_are_found_by_a_running_host()
    {
        // The two-terminal case: `tally up` runs, and `tally apps create` adds an app to its data dir.
        await using var host = await RunningHost.StartAsync();
        var registry = host.App.Services.GetRequiredService<IAppRegistry>();

        var result = await CliRunner.RunAsync("apps", "create", "Weather", "--json", "--data", host.DataDirectory);
        Assert.Equal(0, result.ExitCode);
        using var created = JsonDocument.Parse(result.Output);

        var found = await registry.FindByWriteKeyAsync(created.RootElement.GetProperty("writeKey").GetString()!);
        Assert.Equal(created.RootElement.GetProperty("appId").GetString(), found?.Id);
    }

    [Fact]
    public async Task Up_prints_the_bound_url_and_a_hint_and_stops_gracefully_when_cancelled()
    {
        using var dataDir = new TempDataDirectory();
        var output = new CapturedOutput();
        var error = new CapturedOutput();
        using var stop = new CancellationTokenSource();

        var up = TallyCli.Build(output, error)
            .InvokeAsync(["up", "--data", dataDir.Path, "--urls", "http://127.0.0.1:0"], stop.Token);
        var banner = await WaitForLineAsync(output, up, "Tally is up at ");
        var hint = await WaitForLineAsync(output, up, "No apps yet.");

        Assert.Contains($"(data: {dataDir.Path})", banner, StringComparison.Ordinal);
        Assert.Contains($"tally apps create NAME --data {dataDir.Path}", hint, StringComparison.Ordinal);
        using var client = new HttpClient();
        var health = await client.GetAsync(new Uri(new Uri(BannerUrl().Match(banner).Groups[1].Value), "/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        await stop.CancelAsync();
        Assert.Equal(0, await up);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void An_invalid_setting_stops_the_build_with_a_message_naming_it()
    {
        var ex = Assert.Throws<TallyConfigurationException>(() => TallyHost.Build(new TallyOverrides("./data", "localhost:5080")));

        Assert.Contains("Tally:Urls", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_with_an_invalid_setting_exits_with_1_and_the_message()
    {
        var result = await CliRunner.RunAsync("up", "--urls", "ftp://127.0.0.1:21");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: Tally:Urls (flag --urls)", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Polls the output until a line starting with <paramref name="prefix"/> appears; fails fast if <c>up</c> ends instead.</summary>
    private static async Task<string> WaitForLineAsync(CapturedOutput output, Task<int> up, string prefix)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var line = output.ToString().Split('\n').FirstOrDefault(candidate => candidate.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            Assert.False(up.IsCompleted, $"tally up ended early with exit code {(up.IsCompletedSuccessfully ? up.Result : -1)}");
            await Task.Delay(20);
        }

        throw new TimeoutException($"tally up printed no line starting with '{prefix}' within 60 s.");
    }

    [GeneratedRegex("^Tally is up at (\\S+)")]
    private static partial Regex BannerUrl();
}
