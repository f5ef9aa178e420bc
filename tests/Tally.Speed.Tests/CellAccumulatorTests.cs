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

    /// <summary>
    /// Many distinct cells listing their users side by side in the deltas' shared buffer, growing in
    /// turns (so each region is copied while others sit after it), and again after the deltas are
    /// cleared and the buffer reused: every cell keeps exactly its own users.
    /// </summary>
    [Fact]
    public void Cells_listing_users_side_by_side_keep_their_own_users_across_growth_and_reuse()
    {
        var deltas = new ViewDeltas();
        for (int interval = 0; interval < 2; interval++)
        {
            var expected = Enumerable.Range(0, 40).ToDictionary(app => $"app-{app}", _ => HyperLogLog.Create());
            // Up to 150 users per app: lists grow past every region size and, for some, into a sketch.
            for (int user = 0; user < 150; user++)
            {
                foreach (var (app, sketch) in expected)
                {
                    int appNumber = int.Parse(app[4..], System.Globalization.CultureInfo.InvariantCulture);
                    if (user % (appNumber % 4 + 1) != 0 || user > 40 + 3 * appNumber)
                    {
                        continue;
                    }
                    string userId = $"user-{interval}-{user}";
                    FactEvaluator.Evaluate(Fact.ForEvent(Event(userId) with { AppId = app }), FactPhase.Start, [], deltas);
                    sketch.Add(userId);
                }
            }

            var cells = deltas.ToCells()
                .Where(c => c.Key.Metric == Metrics.ActiveUsers.Name && c.Key.Size == BucketSize.Hour && c.Key.Dimension == Dimension.TotalName)
                .ToDictionary(c => c.Key.AppId);
            Assert.Equal(expected.Count, cells.Count);
            Assert.All(expected, pair => Assert.Equal(Convert.ToHexString(pair.Value.ToBytes()), Convert.ToHexString(cells[pair.Key].Sketch.Span)));
            deltas.Clear();
        }
    }

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
