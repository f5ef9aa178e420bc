using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;
using Tally.Speed.Aggregation;

namespace Tally.Speed.Tests;

public sealed class CellAccumulatorTests
{
    private static readonly DateTimeOffset Time = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A distinct-count cell keeps its first user inline until a second one arrives; its sketch must
    /// be byte for byte the sketch of adding every user's hash to a HyperLogLog, for one user, one
    /// user repeated, two, and enough to leave the explicit form.
    /// </summary>
    [Theory]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 0, 0, 0 })]
    [InlineData(new[] { 0, 1 })]
    [InlineData(new[] { 1, 0, 1, 0 })]
    [InlineData(new[] { 0, 0, 1, 2, 1 })]
    public void Distinct_cells_hold_the_sketch_of_their_users(int[] users) => AssertSketchOfUsers(users);

    [Fact]
    public void Distinct_cells_past_the_explicit_form_hold_the_sketch_of_their_users() =>
        AssertSketchOfUsers([.. Enumerable.Range(0, 3_000).Select(i => i % 1_200)]);

    private static void AssertSketchOfUsers(int[] users)
    {
        var folded = new ViewDeltas();
        var expected = HyperLogLog.Create();
        foreach (int user in users)
        {
            var fact = Fact.ForEvent(Event($"user-{user}"));
            FactEvaluator.Evaluate(fact, FactPhase.Start, [], folded);
            expected.Add($"user-{user}");
        }

        var cell = folded.ToCells().Single(c =>
            c.Key.Metric == Metrics.ActiveUsers.Name && c.Key.Size == BucketSize.Hour && c.Key.Dimension == Dimension.TotalName);
        Assert.Equal(Convert.ToHexString(expected.ToBytes()), Convert.ToHexString(cell.Sketch.Span));
        Assert.Equal(expected.Estimate(), cell.Value);
    }

    private static TallyEvent Event(string user) => new()
    {
        Type = EventType.Track,
        AppId = "app-a",
        MessageId = Guid.NewGuid().ToString(),
        AnonymousId = user,
        Event = "Open",
        ReceivedAt = Time,
        EventTime = Time,
    };
}
