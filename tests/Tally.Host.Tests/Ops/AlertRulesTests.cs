using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Tally.Core.Apps;

namespace Tally.Host.Tests.Ops;

/// <summary>The shipped Prometheus rules only name metrics a real Tally server exports (no promtool needed).</summary>
public sealed partial class AlertRulesTests
{
    private static readonly string[] Alerts =
        ["TallySpeedLayerLagging", "TallyBatchWatermarkOld", "TallyCollectorErrorRate", "TallyLogDiskUsageHigh", "TallyDeadLettersGrowing"];

    [Fact]
    public async Task Every_metric_the_alert_rules_use_appears_in_a_real_metrics_scrape()
    {
        string rules = await File.ReadAllTextAsync(RulesFile());
        var used = MetricName().Matches(rules).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        Assert.All(Alerts, alert => Assert.Contains($"- alert: {alert}", rules, StringComparison.Ordinal));
        Assert.Equal(5, used.Count);

        await using var host = await RunningHost.StartAsync();
        await ProduceEveryCounterAsync(host);

        var missing = used;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (missing.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not exported: {string.Join(", ", missing)}");
            string scrape = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            missing = [.. missing.Where(name => !Regex.IsMatch(scrape, $"^{name}[{{ ]", RegexOptions.Multiline))];
            if (missing.Count > 0)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Counters appear only once incremented: one request with a good and a dead-lettered event.</summary>
    private static async Task ProduceEveryCounterAsync(RunningHost host)
    {
        var app = await host.App.Services.GetRequiredService<IAppRegistry>().CreateAsync("rules");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch")
        {
            Content = new StringContent(
                """{"batch":[{"type":"track","event":"ok","anonymousId":"u1"},{"type":"track","event":"no user"}]}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(app.WriteKey + ":")));
        using var response = await host.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static string RulesFile()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "ops", "prometheus", "tally-alerts.yml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("ops/prometheus/tally-alerts.yml not found above the test's directory.");
    }

    [GeneratedRegex(@"\btally_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
