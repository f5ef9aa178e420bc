using System.Net;

namespace Tally.Collector.Tests.Http;

/// <summary>Clients that trickle or stall are cut off by Kestrel's limits while other clients are served.</summary>
public class SlowClientTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Trickling_body_is_cut_off_with_408_while_other_clients_are_served()
    {
        await using var server = await CollectorServer.StartAsync(new Dictionary<string, string?>
        {
            ["Tally:Collector:MinRequestBodyBytesPerSecond"] = "1000",
            ["Tally:Collector:SlowBodyGracePeriodSeconds"] = "2",
        });
        var app = await server.CreateAppAsync();
        await using var slow = await RawConnection.OpenAsync(server.Client.BaseAddress!);

        // Announces 50 KB, sends 10 bytes, then nothing: far below 1,000 bytes/s once the grace period is over.
        await slow.SendAsync(
            "POST /v1/batch HTTP/1.1\r\nHost: collector\r\nContent-Type: application/json\r\n"
            + $"Authorization: {CollectorServer.Basic(app.WriteKey)}\r\nContent-Length: 50000\r\n\r\n"
            + """{"batch":[""");
        var served = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u1"))), app.WriteKey);
        string answer = await slow.ReadUntilClosedAsync(Deadline);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("\"error\":\"body_too_slow\"", answer, StringComparison.Ordinal);
        Assert.Single(await server.ReadLogAsync());
    }

    [Fact]
    public async Task Client_that_never_finishes_its_headers_is_disconnected()
    {
        await using var server = await CollectorServer.StartAsync(new Dictionary<string, string?>
        {
            ["Tally:Collector:RequestHeadersTimeoutSeconds"] = "2",
        });
        var app = await server.CreateAppAsync();
        await using var stalled = await RawConnection.OpenAsync(server.Client.BaseAddress!);

        await stalled.SendAsync("POST /v1/batch HTTP/1.1\r\nHost: collector\r\nContent-Le");
        var served = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u1"))), app.WriteKey);
        string answer = await stalled.ReadUntilClosedAsync(Deadline);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);
    }
}
