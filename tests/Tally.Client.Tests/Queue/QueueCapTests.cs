using Tally.Client.Tests.Servers;
using Tally.Client.Tests.Support;

namespace Tally.Client.Tests.Queue;

public sealed class QueueCapTests
{
    [Fact]
    public async Task A_full_queue_drops_the_oldest_events_counts_them_and_delivers_the_rest()
    {
        await using var server = await ScriptedServer.StartAsync((_, _) => ScriptedServer.Answer(200));
        using var storage = new TestStorage();
        var time = Clients.Clock();
        await using var client = new TallyClient(Clients.Options(server.Address, "key", storage, time) with { MaxQueueEvents = 5 });

        for (int i = 0; i < 12; i++)
        {
            client.Track("e" + i);
        }
        Assert.Equal(7, client.Stats.DroppedQueueFull);
        Assert.Equal(5, client.Stats.QueuedEvents);

        await client.FlushAsync();
        Assert.Equal(["e7", "e8", "e9", "e10", "e11"], server.Accepted.SelectMany(b => b.Names));
    }

    [Fact]
    public async Task Events_dropped_while_queued_on_disk_stay_dropped_after_a_restart()
    {
        using var storage = new TestStorage();
        var time = Clients.Clock();
        var options = Clients.Options(new Uri("http://127.0.0.1:9/"), "key", storage, time) with { MaxQueueEvents = 3 };
        await using (var client = new TallyClient(options))
        {
            for (int i = 0; i < 10; i++)
            {
                client.Track("e" + i);
                // Each flush persists the event first, so the later drops have to move the disk cursor.
                await client.FlushAsync();
            }
        }

        await using var server = await ScriptedServer.StartAsync((_, _) => ScriptedServer.Answer(200));
        await using var restarted = new TallyClient(options with { Endpoint = server.Address });
        await restarted.FlushAsync();
        Assert.Equal(["e7", "e8", "e9"], server.Accepted.SelectMany(b => b.Names));
    }
}
