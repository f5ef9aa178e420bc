using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Speed.Processing;

namespace Tally.Speed.Tests;

/// <summary>
/// Exactly-once on the real embedded log and SQLite view store: a run that crashes at random
/// points (processor dropped without committing, or a commit that fails before or after landing)
/// and restarts from the checkpoint ends with exactly the views of a run without crashes.
/// </summary>
public sealed class ExactlyOnceTests
{
    private static readonly SpeedOptions Options = new();

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Crashes_at_random_points_neither_lose_nor_double_count(int seed)
    {
        var traffic = GeneratedTraffic.Create(seed, usersPerApp: 8, burstsPerUser: 3);

        // Step 1: the reference run, committing after every fetch.
        await using var clean = await SpeedRig.CreateAsync();
        await clean.AppendAsync(traffic);
        await RunToEndAsync(clean, new FlakyViewStore(clean.Store, chaos: null), chaos: null);
        var expected = await clean.ReadAllAsync();

        // Step 2: the same log, crashing and failing commits at random.
        await using var chaotic = await SpeedRig.CreateAsync();
        await chaotic.AppendAsync(traffic);
        var chaos = new Random(seed);
        var store = new FlakyViewStore(chaotic.Store, chaos);
        int crashes = await RunToEndAsync(chaotic, store, chaos);
        var actual = await chaotic.ReadAllAsync();

        // Step 3: identical views, and the reference run's counts are the exact ones.
        Assert.True(crashes >= 3 && store.Failures >= 1, $"only {crashes} crashes and {store.Failures} failed commits");
        Assert.Equal(expected.OrderBy(c => c.Key.ToString()), actual.OrderBy(c => c.Key.ToString()));
        double events = expected.Where(c => c.Key.Metric == Metrics.Events.Name && c.Key.Dimension == Dimension.TotalName).Sum(c => c.Value);
        Assert.Equal(traffic.Unique.Count, events);
    }

    /// <summary>Runs engines until the views include every record; returns how many were crashed on the way.</summary>
    private static async Task<int> RunToEndAsync(SpeedRig rig, FlakyViewStore store, Random? chaos)
    {
        var ends = await rig.LogEndsAsync();
        int crashes = 0;
        while (true)
        {
            await using var consumer = rig.Log.Subscribe(Options.ConsumerGroup);
            var engine = new SpeedEngine(Options, store, rig.Log, consumer);
            await engine.SyncAssignmentAsync(CancellationToken.None);
            while (true)
            {
                var records = await consumer.FetchAsync(3, TimeSpan.Zero);
                engine.Process(records);
                if (records.Count > 0 && chaos?.Next(10) == 0)
                {
                    crashes++;
                    break;
                }
                if (records.Count > 0 && chaos?.Next(3) > 0)
                {
                    continue;
                }
                try
                {
                    await engine.CommitAsync(withSnapshots: chaos is not null && chaos.Next(3) == 0, CancellationToken.None);
                }
                catch (InjectedFailureException)
                {
                    engine.Reset();
                    await engine.SyncAssignmentAsync(CancellationToken.None);
                    continue;
                }
                if (ends.All(end => engine.CommittedOffsets.GetValueOrDefault(end.Key) == end.Value))
                {
                    return crashes;
                }
            }
        }
    }
}
