using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tally.Host.Ops.Alerting;

namespace Tally.Host.Tests.Ops;

public sealed class AlertWebhookTests
{
    [Fact]
    public async Task The_webhook_is_called_once_when_a_component_stays_unhealthy_and_once_when_it_recovers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var check = new SwitchableHealthCheck();
        using var watched = await StartWatchedHostAsync(receiver.Url, check);

        check.Healthy = false;
        var alert = await receiver.WaitForAsync(1);
        Assert.Equal("flaky_component", alert[0].GetProperty("component").GetString());
        Assert.Equal("unhealthy", alert[0].GetProperty("status").GetString());
        Assert.Equal("disk is gone", alert[0].GetProperty("description").GetString());
        Assert.True(alert[0].TryGetProperty("since", out _));

        check.Healthy = true;
        var both = await receiver.WaitForAsync(2);
        Assert.Equal("healthy", both[1].GetProperty("status").GetString());

        // Many more checks run while healthy: no further calls.
        await check.WaitForChecksAsync(10);
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task A_component_unhealthy_for_less_than_the_threshold_is_not_reported()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var check = new SwitchableHealthCheck { Healthy = false };
        using var watched = await StartWatchedHostAsync(receiver.Url, check, unhealthyFor: TimeSpan.FromHours(1));

        await check.WaitForChecksAsync(10);

        Assert.Empty(receiver.Received);
    }

    private static async Task<IHost> StartWatchedHostAsync(Uri webhook, SwitchableHealthCheck check, TimeSpan? unhealthyFor = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tally:Alerting:WebhookUrl"] = webhook.ToString(),
            ["Tally:Alerting:UnhealthyFor"] = (unhealthyFor ?? TimeSpan.FromMilliseconds(200)).ToString(),
            ["Tally:Alerting:CheckInterval"] = "00:00:00.050",
        });
        builder.Services.AddHealthChecks().AddCheck("flaky_component", check);
        builder.AddTallyAlerting();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private sealed class SwitchableHealthCheck : IHealthCheck
    {
        private int _checks;

        public volatile bool Healthy = true;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _checks);
            return Task.FromResult(Healthy ? HealthCheckResult.Healthy("fine") : HealthCheckResult.Unhealthy("disk is gone"));
        }

        public async Task WaitForChecksAsync(int more)
        {
            int target = Volatile.Read(ref _checks) + more;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Volatile.Read(ref _checks) < target)
            {
                Assert.True(DateTime.UtcNow < deadline, "The health checks did not run.");
                await Task.Delay(20);
            }
        }
    }

    /// <summary>A real Kestrel server recording every JSON body posted to it.</summary>
    private sealed class WebhookReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private WebhookReceiver(WebApplication app, Uri url)
        {
            _app = app;
            Url = url;
        }

        public Uri Url { get; }

        public ConcurrentQueue<JsonElement> Received { get; } = new();

        public static async Task<WebhookReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            WebhookReceiver? receiver = null;
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                using var body = await JsonDocument.ParseAsync(request.Body);
                receiver!.Received.Enqueue(body.RootElement.Clone());
                return Results.NoContent();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            receiver = new WebhookReceiver(app, new Uri(new Uri(address), "/hook"));
            return receiver;
        }

        public async Task<JsonElement[]> WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Received.Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"The webhook got {Received.Count} calls, not {count}.");
                await Task.Delay(20);
            }
            return [.. Received];
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
