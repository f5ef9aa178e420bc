using Tally.Simulator.Model;
using Xunit;

namespace Tally.Simulator.Tests;

public sealed class PopulationTests
{
    [Fact]
    public void Devices_live_in_several_countries_named_by_ISO_code_with_the_US_the_largest()
    {
        var devices = Population.Create(AppProfiles.Weather, count: 500, days: 30, seed: 5);

        var byCountry = devices.GroupBy(d => d.Country).OrderByDescending(g => g.Count()).ToList();
        Assert.True(byCountry.Count >= 8, $"Only {byCountry.Count} countries among 500 devices.");
        Assert.All(devices, d => Assert.Matches("^[A-Z]{2}$", d.Country));
        Assert.Equal("US", byCountry[0].Key);
    }
}
