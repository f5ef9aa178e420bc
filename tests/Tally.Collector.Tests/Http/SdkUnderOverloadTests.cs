using Microsoft.Extensions.DependencyInjection;
using Tally.Client;
using Tally.Collector.Http;

namespace Tally.Collector.Tests.Http;

/// <summary>The SDK against a collector that sheds: it backs off on 429 and later delivers every event exactly once.</summary>
public sealed class SdkUnderOverloadTests : IDisposable
{
    private const int Clients = 4;
    private const int EventsPerClient = 30;

    private readonly string _storage = Path.Combine(Path.GetTempPath(), "tally-sdk-overload-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Clients_shed_with_429_back_off_and_deliver_everything_exactly_once()
    {
        await using var server = await CollectorServer.StartAsync(new Dictionary<string, string?>
        {
            ["Tally:Collector:MaxInFlightRequests"] = "1",
            ["Tally:Collector:OverloadRetryAfterSeconds"] = "1",
        });
        var app = await server.CreateAppAsync();
        var admission = server.Services.GetRequiredService<AdmissionGate>();
        var gate = server.Faults.HoldAppends();
        var clients = Enumerable.Range(0, Clients).Select(i => new TallyClient(new TallyClientOptions(server.Client.BaseAddress!, app.WriteKey)
        {
            StorageDirectory = Path.Combine(_storage, $"device-{i}"),
            FlushAt = 10,
            MaxBatchEvents = 10,
            FlushInterval = TimeSpan.FromMinutes(10),
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromSeconds(2),
            FlushToDisk = false,
        })).ToArray();
        try
        {
            // Step 1: one upload holds the only slot in the held log; the others are shed.
            foreach (var client in clients)
            {
                for (int e = 0; e < EventsPerClient; e++)
                {
                    client.Track("Level Started", new Dictionary<string, object?> { ["level"] = e });
                }
            }
            await PollAsync(() => admission.InFlight == 1 && clients.Sum(c => c.Stats.FailedUploads) >= Clients - 1, "uploads to be shed");

            // Step 2: the log recovers; back-off and Retry-After bring every event in.
            gate.SetResult();
            await PollAsync(() => clients.All(c => c.Stats.Delivered == EventsPerClient), "every event to be delivered");

            var logged = await server.ReadLogAsync();
            Assert.Equal(Clients * EventsPerClient, logged.Count);
            Assert.Equal(logged.Count, logged.Select(e => e.MessageId).Distinct().Count());
            Assert.Equal(Clients, logged.Select(e => e.User).Distinct().Count());
            Assert.All(clients, c => Assert.Equal(0, c.Stats.DroppedRejected));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_storage))
        {
            Directory.Delete(_storage, recursive: true);
        }
    }

    private static async Task PollAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
