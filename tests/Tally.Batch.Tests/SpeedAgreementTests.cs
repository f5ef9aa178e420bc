using Tally.Core.Encoding;
using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;
using Tally.Log;
using Tally.Log.Embedded;
using Tally.Speed;
using Tally.Speed.Processing;
using Tally.Store.Sqlite;

namespace Tally.Batch.Tests;

/// <summary>
/// Issue point 5: the same events through the real speed layer (embedded log, speed engine, SQLite
/// view store) and through the batch layer agree — counts exactly, distinct users within the
/// HyperLogLog bound, session medians within the duration sketch's accuracy. Every device keeps one
/// context and every burst one hour, so a session's or new user's first event is the same whichever
/// of its events arrived first. Property values are compared too: with fewer distinct values than
/// the speed layer's counters, its top-k admits every value from its first occurrence (see
/// PropertyBreakdowns), so both layers count them exactly.
/// </summary>
public sealed class SpeedAgreementTests
{
    private static readonly SpeedOptions SpeedOptions = new();

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public Task Speed_and_batch_hour_cells_agree(int seed) =>
        AssertLayersAgreeAsync(BatchTraffic.Create(seed, tidy: true), static _ => true);

    /// <summary>
    /// Untidy traffic (bursts that overlap and cross midnight, events late by up to days and in no
    /// order, duplicates whose corrected times are a second off): the speed layer attributes a
    /// session or a new user to whichever of its events came first in the log, the batch layer to
    /// the earliest, so only the metrics of plain events must agree — and those exactly (counts) or
    /// within the HLL bound (distinct users), in every hour, breakdown and property cell.
    /// </summary>
    [Theory]
    [InlineData(41)]
    [InlineData(42)]
    [InlineData(43)]
    [InlineData(44)]
    public Task Speed_and_batch_agree_on_event_metrics_of_late_out_of_order_traffic(int seed) =>
        AssertLayersAgreeAsync(BatchTraffic.Create(seed, tidy: false), static metric => Metrics.FindStored(metric)!.Source == FactSource.Event);

    private static async Task AssertLayersAgreeAsync(BatchTraffic traffic, Func<string, bool> compared)
    {
        using var directory = new TempDirectory();
        var database = SqliteDatabase.InDataDirectory(directory.Path);
        await database.MigrateAsync();
        var store = new SqliteViewStore(database);
        try
        {
            await RunSpeedLayerAsync(traffic, store, Path.Combine(directory.Path, "log"));
            var archive = new InMemoryArchive(store);
            await archive.ArchiveAsync(traffic.Archived);
            await new BatchRunner(store, archive, new ManualClock(BatchTraffic.Start.AddDays(10)), new BatchOptions()).RunDueAsync(CancellationToken.None);

            var speed = await BatchCells.ReadAllAsync(BatchTraffic.Apps, (q, ct) => store.ReadSpeedAsync(q, ct));
            var batch = await BatchCells.ReadAllAsync(BatchTraffic.Apps, (q, ct) => store.ReadBatchAsync(q, ct));
            bool Compared(ViewCell c) => c.Key.Size == BucketSize.Hour && c.Key.Dimension != "property:id" && compared(c.Key.Metric);
            var batchHours = batch.Values.Where(Compared).ToDictionary(c => c.Key);
            var speedHours = speed.Values.Where(Compared).ToDictionary(c => c.Key);

            Assert.Contains(batchHours.Keys, k => k.Dimension == "property:plan");
            Assert.Equal(batchHours.Keys.Select(k => k.ToString()).Order(), speedHours.Keys.Select(k => k.ToString()).Order());
            foreach (var (key, exact) in batchHours)
            {
                AssertAgrees(exact, speedHours[key]);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static void AssertAgrees(ViewCell exact, ViewCell speed)
    {
        switch (ViewCellMerge.KindOf(exact.Key.Metric))
        {
            case AggregationKind.Distinct:
                double bound = 3 * HyperLogLog.Create().StandardError * exact.Value;
                Assert.InRange(speed.Value, exact.Value - bound, exact.Value + bound);
                break;
            case AggregationKind.DurationMedian:
                Assert.InRange(speed.Value, exact.Value * (1 - DurationSketch.RelativeAccuracy) - 0.001, exact.Value * (1 + DurationSketch.RelativeAccuracy) + 0.001);
                break;
            default:
                Assert.True(exact.Value == speed.Value, $"{exact.Key}: batch {exact.Value}, speed {speed.Value}");
                break;
        }
    }

    private static async Task RunSpeedLayerAsync(BatchTraffic traffic, SqliteViewStore store, string logDirectory)
    {
        await using var log = await EmbeddedEventLog.OpenAsync(new EmbeddedLogOptions { Directory = logDirectory, PartitionCount = 2 });
        foreach (var upload in traffic.Uploads)
        {
            // Split by partition so each user's events stay in one partition, in order.
            foreach (var part in upload.GroupBy(e => EventPartitioner.PartitionFor(e.AppId, e.User, log.PartitionCount)))
            {
                await log.AppendAsync(part.Key, EventBatchWriter.Encode([.. part]));
            }
        }
        // A later event in every partition moves its watermark past every session, so all are measured.
        for (int p = 0; p < log.PartitionCount; p++)
        {
            string user = Enumerable.Range(0, 1000).Select(i => $"flush-{i}").First(u => EventPartitioner.PartitionFor("app-flush", u, log.PartitionCount) == p);
            await log.AppendAsync(p, EventBatchWriter.Encode([Flush(user)]));
        }
        var ends = new Dictionary<int, long>();
        for (int p = 0; p < log.PartitionCount; p++)
        {
            ends[p] = (await log.GetBoundsAsync(p)).End;
        }

        await using var consumer = log.Subscribe(SpeedOptions.ConsumerGroup);
        var engine = new SpeedEngine(SpeedOptions, store, log, consumer);
        await engine.SyncAssignmentAsync(CancellationToken.None);
        while (!ends.All(end => engine.CommittedOffsets.GetValueOrDefault(end.Key) == end.Value))
        {
            engine.Process(await consumer.FetchAsync(64, TimeSpan.Zero));
            await engine.CommitAsync(withSnapshots: false, CancellationToken.None);
        }
    }

    private static TallyEvent Flush(string user) => new()
    {
        Type = EventType.Track,
        AppId = "app-flush",
        MessageId = $"flush-{user}",
        AnonymousId = user,
        Event = "Flush",
        ReceivedAt = BatchTraffic.Start.AddDays(6),
        EventTime = BatchTraffic.Start.AddDays(6),
    };
}
