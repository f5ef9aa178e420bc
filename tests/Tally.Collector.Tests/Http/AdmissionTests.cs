using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tally.Collector.Http;

namespace Tally.Collector.Tests.Http;

/// <summary>Admission control: beyond <c>MaxInFlightRequests</c> the collector sheds with 429 and Retry-After.</summary>
public class AdmissionTests
{
    [Fact]
    public async Task Full_collector_sheds_with_429_and_retry_after_then_accepts_everything_after_release()
    {
        await using var server = await CollectorServer.StartAsync(new Dictionary<string, string?>
        {
            ["Tally:Collector:MaxInFlightRequests"] = "2",
            ["Tally:Collector:OverloadRetryAfterSeconds"] = "3",
        });
        var app = await server.CreateAppAsync();
        var gate = server.Faults.HoldAppends();
        var admission = server.Services.GetRequiredService<AdmissionGate>();

        // Step 1: two requests take both slots and wait in the held log.
        var held = new[] { "held-1", "held-2" }
            .Select(user => server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track(user))), app.WriteKey))
            .ToArray();
        await PollAsync(() => admission.InFlight == 2, "both requests to be admitted");

        // Step 2: every further request is refused at once, with a reason and a Retry-After.
        for (int i = 0; i < 5; i++)
        {
            using var refused = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track($"shed-{i}"))), app.WriteKey);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
            var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("overloaded", error.GetProperty("error").GetString());
        }
        Assert.All(held, h => Assert.False(h.IsCompleted));

        // Step 3: released, the admitted requests complete, and the shed ones succeed on retry.
        gate.SetResult();
        foreach (var response in await Task.WhenAll(held))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        for (int i = 0; i < 5; i++)
        {
            using var retried = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track($"shed-{i}"))), app.WriteKey);
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        }
        Assert.Equal(0, admission.InFlight);
        var users = (await server.ReadLogAsync()).Select(e => e.User).Order().ToArray();
        Assert.Equal(["held-1", "held-2", "shed-0", "shed-1", "shed-2", "shed-3", "shed-4"], users);
    }

    [Fact]
    public async Task Refused_requests_release_their_slot()
    {
        await using var server = await CollectorServer.StartAsync(new Dictionary<string, string?> { ["Tally:Collector:MaxInFlightRequests"] = "1" });
        var app = await server.CreateAppAsync();

        for (int i = 0; i < 3; i++)
        {
            using var bad = await server.PostAsync("/v1/batch", Bodies.Json("{not json"), app.WriteKey);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        using var good = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u1"))), app.WriteKey);

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(0, server.Services.GetRequiredService<AdmissionGate>().InFlight);
    }

    private static async Task PollAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(10);
        }
    }
}
