using Tally.Core.Metrics;
using Tally.Speed.Aggregation;

namespace Tally.Speed.Tests;

public sealed class MetricFamilyTests
{
    [Fact]
    public void Every_stored_metric_is_in_exactly_one_family_in_its_place()
    {
        var members = MetricFamily.Stored.SelectMany(family => family.Members).ToList();

        Assert.Equal(Metrics.Stored.Count, members.Count);
        Assert.All(Metrics.Stored, metric =>
        {
            var (family, member) = MetricFamily.Of(metric);
            Assert.Same(metric, family.Members[member]);
            Assert.Same(family, MetricFamily.Stored[family.Index]);
        });
    }

    [Fact]
    public void Members_of_a_family_take_the_same_facts_into_the_same_cells()
    {
        Assert.All(MetricFamily.Stored, family => Assert.All(family.Members, metric =>
        {
            Assert.Equal(family.Lead.Source, metric.Source);
            Assert.Same(family.Lead.Filter, metric.Filter);
            Assert.Same(family.Lead.Key, metric.Key);
            Assert.Same(family.Lead.Breakdowns, metric.Breakdowns);
            Assert.Equal(family.Lead.BreaksDownByProperties, metric.BreaksDownByProperties);
            Assert.Equal(family.Lead.Kind == AggregationKind.DurationMedian, metric.Kind == AggregationKind.DurationMedian);
            Assert.Equal(FactEvaluator.HasMinuteCells(family.Lead), FactEvaluator.HasMinuteCells(metric));
        }));
    }

    [Fact]
    public void Events_and_event_users_share_their_cells()
    {
        // Most cells of an interval are theirs: sharing each lookup is why families exist.
        Assert.Same(MetricFamily.Of(Metrics.Events).Family, MetricFamily.Of(Metrics.EventUsers).Family);
    }

    [Fact]
    public void Sessions_counted_at_start_and_measured_at_close_stay_apart()
    {
        Assert.NotSame(MetricFamily.Of(Metrics.Sessions).Family, MetricFamily.Of(Metrics.SessionLengthMedian).Family);
    }

    [Fact]
    public void A_metric_that_is_not_stored_has_no_family()
    {
        var adHoc = Metrics.Events with { Name = "ad_hoc" };

        Assert.Throws<ArgumentException>(() => MetricFamily.Of(adHoc));
    }
}
