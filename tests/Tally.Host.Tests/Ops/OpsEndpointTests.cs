using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tally.Core.Apps;

namespace Tally.Host.Tests.Ops;

public sealed class OpsEndpointTests
{
    [Fact]
    public async Task Healthz_is_healthy_with_each_check_listed()
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("data_directory").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("view_store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_is_unhealthy_when_the_data_dir_is_gone()
    {
        // The collector alone: background workers (speed, archive, batch) would write into the data
        // dir while the test deletes it.
        await using var host = await RunningHost.StartAsync(roles: "collector");
        Directory.Delete(host.DataDirectory, recursive: true);

        using var response = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("checks").GetProperty("data_directory").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_serves_prometheus_text_with_tally_and_runtime_meters()
    {
        await using var host = await RunningHost.StartAsync();
        await host.App.Services.GetRequiredService<IAppRegistry>().FindByWriteKeyAsync("wk_unknown");

        using var response = await host.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE tally_app_registry_key_lookups_total counter", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
    }
}
