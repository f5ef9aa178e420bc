using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Speed.Aggregation;
using Tally.Speed.Processing;

namespace Tally.Speed.Tests;

public sealed class RecordAggregatorTests
{
    /// <summary>
    /// The facts of generated traffic — events, new users, sessions as they start and close, with
    /// property values — folded per record first give exactly the cells (values and sketch bytes)
    /// that folding each fact straight into its cells gives.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Folding_per_record_first_gives_the_cells_of_folding_fact_by_fact(int seed)
    {
        var traffic = GeneratedTraffic.Create(seed, usersPerApp: 20, burstsPerUser: 5);
        var random = new Random(seed);
        var properties = new PropertyBreakdowns(new SpeedOptions { MaxValuesPerProperty = 2 });
        var straight = new ViewDeltas();
        var aggregated = new ViewDeltas();
        var aggregator = new RecordAggregator();

        foreach (var record in traffic.Records)
        {
            foreach (var e in record)
            {
                var values = properties.ValuesOf(e).ToList();
                foreach (var (fact, phase) in FactsOf(e, random))
                {
                    FactEvaluator.Evaluate(fact, phase, values, straight);
                    aggregator.Add(fact, phase, values, aggregated);
                }
            }
            aggregator.FlushInto(aggregated);
        }

        Assert.True(straight.Count > 1_000, $"only {straight.Count} cells");
        Assert.Equal(Cells(straight), Cells(aggregated));
    }

    // Every kind of fact, in both phases, so every aggregation kind and fan-out is exercised.
    private static IEnumerable<(Fact Fact, FactPhase Phase)> FactsOf(TallyEvent e, Random random)
    {
        yield return (Fact.ForEvent(e), FactPhase.Start);
        if (random.Next(4) == 0)
        {
            yield return (Fact.ForNewUser(e), FactPhase.Start);
        }
        if (random.Next(3) == 0)
        {
            yield return (Fact.ForSession(e, TimeSpan.Zero), FactPhase.Start);
            yield return (Fact.ForSession(e, TimeSpan.FromSeconds(random.Next(0, 3_600))), FactPhase.Close);
        }
    }

    private static List<string> Cells(ViewDeltas deltas) =>
        [.. deltas.ToCells().Select(c => $"{c.Key} = {c.Value:R} [{Convert.ToHexString(c.Sketch.Span)}]").Order(StringComparer.Ordinal)];
}
