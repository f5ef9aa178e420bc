using Tally.Core.Events;
using Tally.Core.Metrics;

namespace Tally.Core.Tests.Metrics;

public class DimensionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static Fact Track(string name, string properties = "", EventContext? context = null) => Fact.ForEvent(new TallyEvent
    {
        Type = EventType.Track,
        AppId = "app",
        MessageId = Guid.NewGuid().ToString(),
        AnonymousId = "u1",
        Event = name,
        ReceivedAt = T0,
        EventTime = T0,
        Context = context ?? EventContext.Empty,
        Properties = System.Text.Encoding.UTF8.GetBytes(properties),
    });

    [Fact]
    public void Context_dimensions_read_the_context_and_mark_missing_values()
    {
        var fact = Track("Opened", context: new EventContext { AppVersion = "2.1.0", OsName = "iOS", Country = "" });

        Assert.Equal("2.1.0", Dimension.AppVersion.ValueOf(fact));
        Assert.Equal("iOS", Dimension.Os.ValueOf(fact));
        Assert.Equal(Dimension.Missing, Dimension.Country.ValueOf(fact));
        Assert.Equal(Dimension.Missing, Dimension.DeviceModel.ValueOf(fact));
        Assert.Equal(Dimension.TotalValue, Dimension.Total.ValueOf(fact));
        Assert.Equal("Opened", Dimension.EventName.ValueOf(fact));
    }

    [Theory]
    [InlineData("""{"plan":"pro","level":3}""", "plan", "pro")]
    [InlineData("""{"plan":"pro","level":3}""", "level", "3")]
    [InlineData("""{"nested":{"plan":"x"},"ok":true}""", "ok", "true")]
    [InlineData("""{"nested":{"plan":"x"}}""", "plan", Dimension.Missing)]
    [InlineData("""{"nested":{"plan":"x"}}""", "nested", Dimension.Missing)]
    [InlineData("", "plan", Dimension.Missing)]
    public void Property_dimensions_read_top_level_scalars(string properties, string name, string expected)
    {
        Assert.Equal(expected, Dimension.Property(name).ValueOf(Track("Purchase", properties)));
    }

    [Fact]
    public void Names_round_trip_through_parse()
    {
        foreach (var dimension in Dimension.ContextBreakdowns.Append(Dimension.Total).Append(Dimension.EventName))
        {
            Assert.Same(dimension, Dimension.Parse(dimension.Name));
        }
        Assert.Equal("property:plan", Dimension.Parse("property:plan")!.Name);
        Assert.Null(Dimension.Parse("property:"));
        Assert.Null(Dimension.Parse("colour"));
    }

    [Fact]
    public void Every_metric_name_is_unique_and_filters_do_what_they_say()
    {
        var names = Tally.Core.Metrics.Metrics.Stored.Select(m => m.Name)
            .Concat(Tally.Core.Metrics.Metrics.Derived.Select(m => m.Name)).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());

        var crash = Track(Tally.Core.Metrics.Metrics.CrashEventName);
        var other = Track("Opened");
        Assert.True(Tally.Core.Metrics.Metrics.CrashedUsers.Accepts(crash));
        Assert.False(Tally.Core.Metrics.Metrics.CrashedUsers.Accepts(other));
        Assert.True(Tally.Core.Metrics.Metrics.ActiveUsers.Accepts(other));
        Assert.False(Tally.Core.Metrics.Metrics.Sessions.Accepts(other));
        Assert.True(Tally.Core.Metrics.Metrics.Sessions.Accepts(Fact.ForSession(other.Event, TimeSpan.FromMinutes(3))));
        Assert.False(Tally.Core.Metrics.Metrics.Events.Accepts(Fact.ForEvent(other.Event with { Type = EventType.Screen })));
    }
}
