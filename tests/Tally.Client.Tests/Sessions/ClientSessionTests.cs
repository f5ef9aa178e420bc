using Tally.Client.Tests.Servers;
using Tally.Client.Tests.Support;

namespace Tally.Client.Tests.Sessions;

public sealed class ClientSessionTests
{
    [Fact]
    public async Task Session_ids_change_after_a_long_background_and_survive_a_quick_relaunch()
    {
        await using var server = await ScriptedServer.StartAsync((_, _) => ScriptedServer.Answer(200));
        using var storage = new TestStorage();
        var time = Clients.Clock();
        var options = Clients.Options(server.Address, "key", storage, time);
        await using (var client = new TallyClient(options))
        {
            client.Track("a");
            client.OnBackground();
            time.Advance(TimeSpan.FromSeconds(10));
            client.OnForeground();
            client.Track("b");
            client.OnBackground();
            time.Advance(TimeSpan.FromMinutes(5));
            client.OnForeground();
            client.Track("c");
            await client.FlushAsync();
        }
        time.Advance(TimeSpan.FromSeconds(5));
        await using (var relaunched = new TallyClient(options))
        {
            relaunched.Track("d");
            await relaunched.FlushAsync();
        }

        var sessions = server.Accepted.SelectMany(b => b.Events)
            .ToDictionary(e => e.GetProperty("event").GetString()!, e => e.GetProperty("context").GetProperty("sessionId").GetString());
        Assert.Equal(sessions["a"], sessions["b"]);
        Assert.NotEqual(sessions["b"], sessions["c"]);
        Assert.Equal(sessions["c"], sessions["d"]);
    }
}
