using System.Diagnostics;
using System.Globalization;
using Tally.Archive.Parquet;
using Tally.Batch;
using Tally.Batch.Archive;
using Tally.Batch.Computation;
using Tally.Core.Metrics;
using Tally.Core.Views;
using Tally.Store.Sqlite;

namespace Tally.Benchmarks.Batch;

/// <summary>
/// <c>Tally.Benchmarks batch-vs-duckdb [events] [rounds] [archive-dir] [only]</c>: one day of archived
/// traffic read by Tally's batch layer and by DuckDB in one process, variants alternated each round
/// so all see the same machine load. Rates are events per CPU-second of the whole process (= per core,
/// whatever the number of threads) and per wall-clock second. An existing archive directory is reused.
/// <c>only</c> (part of a variant's name) runs just the matching variants, without the checks, to profile them.
/// </summary>
internal static class BatchVsDuckDb
{
    /// <summary>The work DuckDB does: exact active users and track event counts per name, no breakdowns.</summary>
    private static readonly MetricDefinition[] CountsOnly =
    [
        Metrics.ActiveUsers with { Breakdowns = [] },
        Metrics.Events with { Breakdowns = [], BreaksDownByProperties = false },
    ];

    /// <summary>
    /// The columns <see cref="CountsOnly"/> reads besides the required ones (users, event name, SDK session),
    /// as DuckDB reads only the columns of its query.
    /// </summary>
    private static readonly EventColumns CountsOnlyColumns = EventColumns.Only("anonymous_id", "user_id", "event", "context_session_id");

    public static async Task RunAsync(string[] args)
    {
        int events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        string root = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "tally-bench-duckdb", Guid.NewGuid().ToString("N"));
        bool temporary = args.Length <= 2;
        string? only = args.Length > 3 ? args[3] : null;
        try
        {
            await RunAsync(events, rounds, root, only, CancellationToken.None);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (temporary)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task RunAsync(int events, int rounds, string root, string? only, CancellationToken ct)
    {
        var fixture = await ArchiveDayFixture.OpenOrCreateAsync(Path.Combine(root, "archive"), events, ct);
        Console.WriteLine($"{fixture.EventsArchived:N0} archived events of {ArchiveDayFixture.Day:yyyy-MM-dd} in {fixture.Files} Parquet files ({fixture.Bytes / 1e6:N1} MB) under {fixture.Store.Root}");

        var database = SqliteDatabase.InDataDirectory(Directory.CreateDirectory(Path.Combine(root, "views")).FullName);
        await database.MigrateAsync(ct);
        var viewStore = new SqliteViewStore(database);
        var allColumns = new ParquetArchiveDaySource(fixture.Store, EventColumns.All);
        var batchColumns = new ParquetArchiveDaySource(fixture.Store, ParquetArchiveDaySource.BatchColumns);
        var fullAll = new DayComputation(allColumns, viewStore, new BatchOptions());
        var full = new DayComputation(batchColumns, viewStore, new BatchOptions());
        var countsOnly = new DayComputation(batchColumns, viewStore, new BatchOptions(), CountsOnly);
        var countsOnlyOwnColumns = new DayComputation(new ParquetArchiveDaySource(fixture.Store, CountsOnlyColumns), viewStore, new BatchOptions(), CountsOnly);
        var dayStart = new DateTimeOffset(ArchiveDayFixture.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        IReadOnlyList<ViewCell>? cellsAllColumns = null;
        IReadOnlyList<ViewCell>? cellsBatchColumns = null;
        ExactCounts? tallyCounts = null;
        ExactCounts? tallyCountsOwnColumns = null;
        ExactCounts? duckCounts = null;
        const int DuckDbOneThread = 6;
        var variants = new (string Name, Func<Task> Run)[]
        {
            ("Parquet read only, all columns", async () => await ReadAllAsync(allColumns, ct)),
            ("Parquet read only, the batch's columns", async () => await ReadAllAsync(batchColumns, ct)),
            ("Tally batch, every metric, all columns", async () =>
                cellsAllColumns = (await fullAll.ComputeAsync(ArchiveDayFixture.Day, null, 1, ct)).Commit.Cells),
            ("Tally batch, every metric, the batch's columns", async () =>
                cellsBatchColumns = (await full.ComputeAsync(ArchiveDayFixture.Day, null, 1, ct)).Commit.Cells),
            ("Tally batch, DuckDB's work only, the batch's columns", async () =>
                tallyCounts = ExactCounts.FromCells((await countsOnly.ComputeAsync(ArchiveDayFixture.Day, null, 1, ct)).Commit.Cells, dayStart)),
            ("Tally batch, DuckDB's work only, its columns", async () =>
                tallyCountsOwnColumns = ExactCounts.FromCells((await countsOnlyOwnColumns.ComputeAsync(ArchiveDayFixture.Day, null, 1, ct)).Commit.Cells, dayStart)),
            ("DuckDB, SET threads = 1", () => { duckCounts = DuckDbDayQuery.Run(fixture.DayGlob, threads: 1); return Task.CompletedTask; }),
            ("DuckDB, default threads", () => { DuckDbDayQuery.Run(fixture.DayGlob, threads: null); return Task.CompletedTask; }),
        };

        if (only is not null)
        {
            await ProfileAsync(variants.Where(v => v.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList(), rounds, fixture.EventsArchived);
            return;
        }

        var samples = variants.Select(_ => new List<(double CpuSeconds, double WallSeconds, long Allocated)>()).ToArray();
        // Round 0 warms up (JIT, page cache, DuckDB's extension loading) and is not reported.
        for (int round = 0; round <= rounds; round++)
        {
            for (int v = 0; v < variants.Length; v++)
            {
                var sample = await MeasureAsync(variants[v].Run);
                if (round > 0)
                {
                    samples[v].Add(sample);
                }
            }
        }

        Console.WriteLine(SameCells(cellsAllColumns!, cellsBatchColumns!)
            ? $"The full batch gives the same {cellsAllColumns!.Count:N0} cells over the batch's columns as over all columns."
            : "The full batch over the batch's columns DIFFERS from the one over all columns.");
        foreach (var (columns, counts) in new[] { ("the batch's columns", tallyCounts!), ("its own columns", tallyCountsOwnColumns!) })
        {
            var differences = counts.Differences(duckCounts!);
            Console.WriteLine(differences.Count == 0
                ? $"Tally over {columns} and DuckDB agree on all {counts.Values.Count:N0} hour and day values."
                : $"Tally over {columns} and DuckDB DISAGREE:" + Environment.NewLine + string.Join(Environment.NewLine, differences));
        }
        Console.WriteLine($"Medians of {rounds} rounds, {fixture.EventsArchived:N0} events each; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        double duckPerCore = EventsPer(fixture.EventsArchived, Median(samples[DuckDbOneThread], s => s.CpuSeconds));
        Console.WriteLine($"| variant | events per CPU-second (per core) | events/s wall | CPU-s | wall s | CPU per event ÷ DuckDB 1 thread | managed bytes allocated per event |");
        Console.WriteLine($"| --- | --- | --- | --- | --- | --- | --- |");
        for (int v = 0; v < variants.Length; v++)
        {
            double cpu = Median(samples[v], s => s.CpuSeconds);
            double wall = Median(samples[v], s => s.WallSeconds);
            double perCore = EventsPer(fixture.EventsArchived, cpu);
            double allocated = Median(samples[v], s => s.Allocated) / fixture.EventsArchived;
            Console.WriteLine($"| {variants[v].Name} | {perCore:N0} | {EventsPer(fixture.EventsArchived, wall):N0} | {cpu:N2} | {wall:N2} | {duckPerCore / perCore:N2}x | {allocated:N0} |");
        }
    }

    /// <summary>Runs the variants <paramref name="rounds"/> times each and prints each run's CPU time: a steady load to profile.</summary>
    private static async Task ProfileAsync(List<(string Name, Func<Task> Run)> variants, int rounds, long events)
    {
        for (int round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in variants)
            {
                var (cpu, wall, allocated) = await MeasureAsync(run);
                Console.WriteLine($"{name}: {EventsPer(events, cpu):N0} events per CPU-second, {wall:N2} s wall, {allocated / events:N0} B/event");
            }
        }
    }

    private static bool SameCells(IReadOnlyList<ViewCell> a, IReadOnlyList<ViewCell> b)
    {
        var byKey = a.ToDictionary(c => c.Key);
        return a.Count == b.Count && b.All(c => byKey.TryGetValue(c.Key, out var other)
            && other.Value.Equals(c.Value) && other.Sketch.Span.SequenceEqual(c.Sketch.Span));
    }

    private static async Task<long> ReadAllAsync(ParquetArchiveDaySource source, CancellationToken ct)
    {
        long count = 0;
        for (int offset = -1; offset <= 1; offset++)
        {
            await foreach (var columns in source.ReadDayAsync(ArchiveDayFixture.Day.AddDays(offset), ct))
            {
                count += columns.Count;
            }
        }
        return count;
    }

    private static async Task<(double CpuSeconds, double WallSeconds, long Allocated)> MeasureAsync(Func<Task> run)
    {
        // Each variant starts from a collected heap, so none pays for the garbage of the one before.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long started = Stopwatch.GetTimestamp();
        await run();
        var wall = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return (cpu.TotalSeconds, wall.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
    }

    private static double EventsPer(long events, double seconds) => events / seconds;

    private static double Median<T>(List<T> samples, Func<T, double> value)
    {
        var sorted = samples.Select(value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
