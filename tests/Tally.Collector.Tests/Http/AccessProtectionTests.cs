using System.Net;

namespace Tally.Collector.Tests.Http;

/// <summary>Key separation, rate limits and CORS of the tracking API.</summary>
public sealed class AccessProtectionTests
{
    private static readonly Dictionary<string, string?> TightPerKey = new()
    {
        ["Tally:Collector:RateLimit:PerKeyPerSecond"] = "1",
        ["Tally:Collector:RateLimit:PerKeyBurst"] = "1",
    };

    [Fact]
    public async Task A_read_key_cannot_write()
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();

        using var response = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u1"))), app.ReadKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await server.ReadLogAsync());
    }

    [Fact]
    public async Task A_write_key_over_its_rate_gets_429_with_retry_after_while_other_keys_go_on()
    {
        await using var server = await CollectorServer.StartAsync(TightPerKey);
        var busy = await server.CreateAppAsync();
        var quiet = await server.CreateAppAsync();

        // A burst of one token per second: of several requests sent at once, at most the first
        // few (one, plus one per second the burst takes on a slow machine) get through.
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track($"u{i}"))), busy.WriteKey)));
        using var other = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("q"))), quiet.WriteKey);

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.Contains("rate_limited", await limited[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task One_address_over_its_rate_gets_429_whatever_keys_it_uses()
    {
        await using var server = await CollectorServer.StartAsync(new Dictionary<string, string?>
        {
            ["Tally:Collector:RateLimit:PerIpPerSecond"] = "1",
            ["Tally:Collector:RateLimit:PerIpBurst"] = "1",
        });
        var apps = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => server.CreateAppAsync()));

        var responses = await Task.WhenAll(apps.Select(app =>
            server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u"))), app.WriteKey)));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_configured_origin_gets_cors_headers_and_others_do_not()
    {
        await using var server = await CollectorServer.StartAsync(new Dictionary<string, string?>
        {
            ["Tally:Collector:Cors:AllowedOrigins:0"] = "https://app.example.com",
        });

        using var allowed = await server.Client.SendAsync(Preflight("https://app.example.com"));
        using var refused = await server.Client.SendAsync(Preflight("https://evil.example.net"));

        Assert.Equal("https://app.example.com", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Without_configured_origins_no_cors_headers_are_sent()
    {
        await using var server = await CollectorServer.StartAsync();

        using var response = await server.Client.SendAsync(Preflight("https://app.example.com"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/batch");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }
}
