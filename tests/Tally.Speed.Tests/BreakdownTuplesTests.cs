using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Speed.Aggregation;

namespace Tally.Speed.Tests;

public sealed class BreakdownTuplesTests
{
    private static readonly EventContext Berlin = new() { OsName = "iOS", OsVersion = "18.1", Country = "DE", AppVersion = "2.0" };

    [Fact]
    public void Events_sharing_a_context_instance_or_equal_contexts_share_a_tuple_of_their_values()
    {
        var strings = new CellStrings();
        var tuples = new BreakdownTuples();
        var dimensions = Dimension.ContextBreakdowns;

        int first = tuples.IndexOf(dimensions, FactOf(Berlin), strings);
        int sameInstance = tuples.IndexOf(dimensions, FactOf(Berlin), strings);
        int equalCopy = tuples.IndexOf(dimensions, FactOf(Berlin with { }), strings);

        Assert.Equal(first, sameInstance);
        Assert.Equal(first, equalCopy);
        Assert.Equal(["2.0", "iOS", "18.1", Dimension.Missing, "DE"], ValuesOf(tuples, first, strings));
        Assert.Equal([.. dimensions.Select(dimension => dimension.Name)], tuples.NameIdsAt(first).Select(id => strings[id]));
    }

    [Fact]
    public void Another_context_gets_its_own_tuple_and_the_first_context_its_old_one_back()
    {
        var strings = new CellStrings();
        var tuples = new BreakdownTuples();
        var dimensions = Dimension.ContextBreakdowns;
        var paris = Berlin with { Country = "FR" };

        int berlin = tuples.IndexOf(dimensions, FactOf(Berlin), strings);
        int inParis = tuples.IndexOf(dimensions, FactOf(paris), strings);
        int berlinAgain = tuples.IndexOf(dimensions, FactOf(Berlin), strings);

        Assert.NotEqual(berlin, inParis);
        Assert.Equal("FR", ValuesOf(tuples, inParis, strings)[^1]);
        Assert.Equal(berlin, berlinAgain);
    }

    [Fact]
    public void Dimensions_that_read_more_than_the_context_are_read_again_for_a_shared_context()
    {
        var strings = new CellStrings();
        var tuples = new BreakdownTuples();
        IReadOnlyList<Dimension> dimensions = [Dimension.Os, Dimension.EventName];

        int opened = tuples.IndexOf(dimensions, FactOf(Berlin, "Opened"), strings);
        int bought = tuples.IndexOf(dimensions, FactOf(Berlin, "Bought"), strings);

        Assert.NotEqual(opened, bought);
        Assert.Equal(["iOS", "Bought"], ValuesOf(tuples, bought, strings));
    }

    private static string[] ValuesOf(BreakdownTuples tuples, int index, CellStrings strings) =>
        [.. tuples.ValueIdsAt(index).Select(id => strings[id])];

    private static Fact FactOf(EventContext context, string eventName = "Opened") => Fact.ForEvent(new TallyEvent
    {
        Type = EventType.Track,
        AppId = "app",
        MessageId = Guid.NewGuid().ToString(),
        AnonymousId = "user",
        Event = eventName,
        ReceivedAt = DateTimeOffset.UnixEpoch,
        EventTime = DateTimeOffset.UnixEpoch,
        Context = context,
    });
}
