using Tally.Host.Configuration;

namespace Tally.Host.Tests.Configuration;

public class TallyRolesTests
{
    [Theory]
    [InlineData("collector,speed", TallyRoles.Collector | TallyRoles.Speed)]
    [InlineData("collector,speed,archive,batch,query", TallyRoles.All)]
    [InlineData(" Collector ", TallyRoles.Collector)]
    [InlineData("speed", TallyRoles.Speed)]
    [InlineData("all", TallyRoles.All)]
    public void Parses_role_lists(string text, TallyRoles expected)
    {
        Assert.True(TallyRoleNames.TryParse(text, out var roles, out _));
        Assert.Equal(expected, roles);
    }

    [Theory]
    [InlineData("collector,archiver", "archiver")]
    [InlineData("1", "1")]
    [InlineData("", "")]
    public void Refuses_unknown_and_empty_lists_naming_the_culprit(string text, string culprit)
    {
        Assert.False(TallyRoleNames.TryParse(text, out _, out var unknown));
        Assert.Equal(culprit, unknown);
    }

    [Fact]
    public void A_bad_role_stops_the_start_with_the_setting_named()
    {
        var ex = Assert.Throws<TallyConfigurationException>(() => Tally.Host.Hosting.TallyHost.Build(
            new TallyOverrides("./data", "http://127.0.0.1:0", Roles: "collector,nope")));
        Assert.Contains("Tally:Roles (flag --roles): 'nope'", ex.Message, StringComparison.Ordinal);
    }
}
