using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Speed.Diagnostics;
using Tally.Speed.Hosting;

namespace Tally.Speed.Tests;

public sealed class SpeedWorkerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Worker_commits_every_record_and_resumes_after_a_restart()
    {
        var traffic = GeneratedTraffic.Create(seed: 31, usersPerApp: 6, burstsPerUser: 3);
        await using var rig = await SpeedRig.CreateAsync();
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = new SpeedOptions
        {
            CommitInterval = TimeSpan.FromMilliseconds(100),
            SnapshotInterval = TimeSpan.FromMilliseconds(300),
            FetchMaxWait = TimeSpan.FromMilliseconds(50),
            FetchMaxRecords = 7,
            // The generated traffic lies in the past; retention must not delete it under the test.
            HourRetention = TimeSpan.FromDays(36500),
            MinuteRetention = TimeSpan.FromDays(36500),
        };

        // Step 1: half the traffic, one worker.
        var firstHalf = new GeneratedTrafficSlice(traffic, 0, traffic.Records.Count / 2);
        await rig.AppendAsync(firstHalf.AsTraffic(), flush: false);
        await RunWorkerUntilCaughtUpAsync(rig, options, services);

        // Step 2: the rest, a new worker resuming from the checkpoint.
        await rig.AppendAsync(new GeneratedTrafficSlice(traffic, traffic.Records.Count / 2, traffic.Records.Count).AsTraffic(), flush: true);
        await RunWorkerUntilCaughtUpAsync(rig, options, services);

        var views = await rig.ReadAllAsync();
        var exact = ExactViews.Totals(traffic.Unique);
        foreach (string metric in new[] { Metrics.Events.Name, Metrics.Sessions.Name, Metrics.NewUsers.Name, Metrics.ActiveUsers.Name })
        {
            double expected = exact.Where(e => e.Key.Metric == metric).Sum(e => e.Value);
            double actual = views.Where(c => c.Key.Metric == metric && c.Key.Dimension == Dimension.TotalName && c.Key.Size == BucketSize.Hour).Sum(c => c.Value);
            Assert.True(expected == actual, $"{metric}: expected {expected}, got {actual}");
        }
        var checkpoint = await rig.Store.LoadSpeedCheckpointAsync(options.ConsumerGroup);
        Assert.Equal(rig.Log.PartitionCount, checkpoint.Snapshots.Count);
    }

    private static async Task RunWorkerUntilCaughtUpAsync(SpeedRig rig, SpeedOptions options, IServiceProvider services)
    {
        var worker = new SpeedWorker(rig.Log, rig.Store, Microsoft.Extensions.Options.Options.Create(options),
            new SpeedMetrics(services.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger<SpeedWorker>.Instance);
        var ends = await rig.LogEndsAsync();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTimeOffset.UtcNow + Deadline;
            while (true)
            {
                var checkpoint = await rig.Store.LoadSpeedCheckpointAsync(options.ConsumerGroup);
                if (ends.All(end => checkpoint.Offsets.GetValueOrDefault(end.Key) == end.Value))
                {
                    break;
                }
                Assert.True(DateTimeOffset.UtcNow < deadline, "The worker did not commit every record in time.");
                await Task.Delay(50);
            }
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
            worker.Dispose();
        }
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        var result = new SpeedOptionsValidator().Validate(null, new SpeedOptions
        {
            CommitInterval = TimeSpan.Zero,
            MaxOpenSessionsPerPartition = 0,
            SeenUserWindow = TimeSpan.FromHours(1),
        });

        Assert.True(result.Failed);
        Assert.Contains("Tally:Speed:CommitInterval", result.FailureMessage);
        Assert.Contains("Tally:Speed:MaxOpenSessionsPerPartition", result.FailureMessage);
        Assert.Contains("Tally:Speed:SeenUserWindow", result.FailureMessage);
        Assert.True(new SpeedOptionsValidator().Validate(null, new SpeedOptions()).Succeeded);
    }
}

/// <summary>A contiguous range of a traffic's records.</summary>
internal sealed record GeneratedTrafficSlice(GeneratedTraffic Traffic, int From, int To)
{
    public IReadOnlyList<List<Core.Events.TallyEvent>> AsTraffic() => [.. Traffic.Records.Skip(From).Take(To - From)];
}
