using Tally.Client.Tests.Servers;
using Tally.Client.Tests.Support;

namespace Tally.Client.Tests.Delivery;

/// <summary><see cref="TallyContextInfo.Country"/> through a real collector into the log, where the country breakdown reads it.</summary>
public sealed class CountryTests
{
    [Fact]
    public async Task Country_set_in_the_context_reaches_the_log_as_the_events_country()
    {
        var events = await DeliverOneAsync(country: "DE");

        Assert.Equal("DE", Assert.Single(events).Context.Country);
    }

    [Fact]
    public async Task Without_a_country_the_events_carry_none()
    {
        var events = await DeliverOneAsync(country: null);

        Assert.Null(Assert.Single(events).Context.Country);
    }

    [Fact]
    public void Detect_leaves_the_country_unset_rather_than_guessing_it_from_the_locale()
    {
        Assert.Null(TallyContextInfo.Detect().Country);
    }

    private static async Task<List<Core.Events.TallyEvent>> DeliverOneAsync(string? country)
    {
        await using var collector = await CollectorServer.StartAsync();
        using var storage = new TestStorage();
        var options = Clients.Options(collector.Address, collector.WriteKey, storage, Clients.Clock());
        await using (var client = new TallyClient(options with { Context = new TallyContextInfo { AppName = "Test App", Country = country } }))
        {
            client.Track("Opened");
            await client.FlushAsync();
            Assert.Equal(1, client.Stats.Delivered);
        }
        return await collector.ReadLogAsync();
    }
}
