using Microsoft.Extensions.Options;

namespace Tally.Collector.Tests.Http;

public class CollectorOptionsTests
{
    [Fact]
    public async Task An_invalid_setting_fails_start_up_naming_the_setting()
    {
        var settings = new Dictionary<string, string?> { ["Tally:Collector:MaxBatchEvents"] = "0" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CollectorServer.StartAsync(settings));

        Assert.Contains("Tally:Collector:MaxBatchEvents", error.Message);
    }

    [Fact]
    public async Task Limits_come_from_configuration()
    {
        var settings = new Dictionary<string, string?> { ["Tally:Collector:MaxBatchEvents"] = "1" };
        await using var server = await CollectorServer.StartAsync(settings);
        var app = await server.CreateAppAsync();

        var response = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u1"), Bodies.Track("u2"))), app.WriteKey);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("too_many_events", await response.Content.ReadAsStringAsync());
    }
}
