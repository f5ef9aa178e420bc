using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tally.Client.Tests.Servers;
using Tally.Client.Tests.Support;
using Tally.Core.Events;

namespace Tally.Client.Tests.Delivery;

/// <summary>The SDK against a real collector on loopback, read back from the real embedded log.</summary>
public sealed class CollectorDeliveryTests
{
    [Fact]
    public async Task Track_screen_and_identify_reach_the_log_with_ids_times_and_context()
    {
        await using var collector = await CollectorServer.StartAsync();
        using var storage = new TestStorage();
        var time = Clients.Clock();
        await using var client = new TallyClient(Clients.Options(collector.Address, collector.WriteKey, storage, time));

        client.Track("Order Completed", new Dictionary<string, object?> { ["total"] = 12.5, ["items"] = new[] { "a", "b" } });
        client.Screen("Home");
        client.Identify("user-7", new Dictionary<string, object?> { ["plan"] = "pro" });
        client.Track("After Identify", timestamp: Clients.Start.AddDays(-2));
        await client.FlushAsync();

        Assert.Equal(4, client.Stats.Delivered);
        var events = await collector.ReadLogAsync();
        Assert.Equal(4, events.Count);
        Assert.Equal(4, events.Select(e => e.MessageId).Distinct().Count());
        Assert.All(events, e =>
        {
            Assert.True(Guid.TryParse(e.MessageId, out _));
            Assert.Equal(client.AnonymousId, e.AnonymousId);
            Assert.NotNull(e.SentAt);
            Assert.Equal("tally-dotnet", e.Context.LibraryName);
            Assert.Equal("Test App", e.Context.AppName);
            Assert.Equal("1.2.3", e.Context.AppVersion);
            Assert.Equal("iOS", e.Context.OsName);
            Assert.Equal("iPhone16,1", e.Context.DeviceModel);
            Assert.Equal(client.AnonymousId, e.Context.DeviceId);
            Assert.Equal("en-GB", e.Context.Locale);
        });
        Assert.Single(events.Select(e => e.Context.SessionId).Distinct());

        var order = events.Single(e => e.Event == "Order Completed");
        Assert.Equal(EventType.Track, order.Type);
        Assert.Equal(Clients.Start, order.Timestamp);
        Assert.Null(order.UserId);
        using (var properties = JsonDocument.Parse(order.Properties))
        {
            Assert.Equal(12.5, properties.RootElement.GetProperty("total").GetDouble());
            Assert.Equal(2, properties.RootElement.GetProperty("items").GetArrayLength());
        }
        Assert.Equal("Home", events.Single(e => e.Type == EventType.Screen).Name);
        Assert.Equal("user-7", events.Single(e => e.Type == EventType.Identify).UserId);
        var late = events.Single(e => e.Event == "After Identify");
        Assert.Equal("user-7", late.UserId);
        Assert.Equal(Clients.Start.AddDays(-2), late.Timestamp);
    }

    [Fact]
    public async Task Events_queued_while_the_collector_is_unreachable_are_delivered_by_the_next_client_on_the_same_storage()
    {
        using var storage = new TestStorage();
        var time = Clients.Clock();
        var names = Enumerable.Range(0, 30).Select(i => "event-" + i).ToList();
        string anonymousId;

        // 1. Nothing listens on the endpoint: uploads fail, events stay queued; disposal does not upload.
        var unreachable = new Uri("http://127.0.0.1:" + FreePort() + "/");
        await using (var offline = new TallyClient(Clients.Options(unreachable, "any-key", storage, time)))
        {
            anonymousId = offline.AnonymousId;
            foreach (string name in names)
            {
                offline.Track(name);
            }
            await offline.FlushAsync();
            Assert.Equal(1, offline.Stats.FailedUploads);
            Assert.Equal(30, offline.Stats.QueuedEvents);
        }

        // 2. A new client on the same storage, now with a collector: everything arrives once per messageId.
        await using var collector = await CollectorServer.StartAsync();
        await using var online = new TallyClient(Clients.Options(collector.Address, collector.WriteKey, storage, time));
        Assert.Equal(anonymousId, online.AnonymousId);
        Assert.Equal(30, online.Stats.QueuedEvents);
        await online.FlushAsync();

        var events = await collector.ReadLogAsync();
        Assert.Equal(names.Order(), events.Select(e => e.Event!).Distinct().Order());
        Assert.All(events.GroupBy(e => e.Event), g => Assert.Single(g.Select(e => e.MessageId).Distinct()));
        Assert.Equal(0, online.Stats.QueuedEvents);
    }

    [Fact]
    public async Task A_client_disposed_mid_stream_loses_nothing_and_resends_only_identical_message_ids()
    {
        await using var collector = await CollectorServer.StartAsync();
        using var storage = new TestStorage();
        var time = Clients.Clock();
        var options = Clients.Options(collector.Address, collector.WriteKey, storage, time) with { FlushAt = 7, MaxBatchEvents = 5 };

        // Uploads run in the background while events arrive; disposal cuts them off wherever they are.
        await using (var first = new TallyClient(options))
        {
            for (int i = 0; i < 50; i++)
            {
                first.Track("first-" + i);
            }
        }
        await using (var second = new TallyClient(options))
        {
            for (int i = 0; i < 10; i++)
            {
                second.Track("second-" + i);
            }
            await second.FlushAsync();
            Assert.Equal(0, second.Stats.QueuedEvents);
        }

        var events = await collector.ReadLogAsync();
        Assert.Equal(60, events.Select(e => e.Event).Distinct().Count());
        Assert.All(events.GroupBy(e => e.Event), g => Assert.Single(g.Select(e => e.MessageId).Distinct()));
    }

    [Fact]
    public async Task A_second_client_on_storage_in_use_is_refused()
    {
        using var storage = new TestStorage();
        var time = Clients.Clock();
        var options = Clients.Options(new Uri("http://127.0.0.1:9/"), "key", storage, time);
        await using var first = new TallyClient(options);

        Assert.ThrowsAny<IOException>(() => new TallyClient(options));
    }

    /// <summary>A loopback port nothing listens on: bound, read, and released.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
