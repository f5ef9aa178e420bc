using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Tally.Archive.Parquet;
using Tally.Batch;
using Tally.Batch.Computation;
using Tally.Benchmarks.Speed;
using Tally.Core.Events;
using Tally.Store.Sqlite;

namespace Tally.Benchmarks.Batch;

/// <summary>
/// Batch-layer throughput (issue 4, compared later with DuckDB over the same day of Parquet files):
/// one UTC day of realistic mobile traffic, already decoded (reading Parquet is the archive's part),
/// through <see cref="DayComputation"/>: duplicate removal, sessions, first-seen lookups in a real
/// SQLite view store (empty: every user is new), every metric's exact hour and day cells. The commit
/// is not measured. One thread: the rate is per core.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class DayComputationBenchmarks
{
    /// <summary>2,000 uploads of 100 events over one day, from 20,000 devices.</summary>
    private const int Batches = 2_000;
    private const int EventsPerBatch = 100;
    private const int EventsPerInvocation = Batches * EventsPerBatch;

    private static readonly DateTimeOffset DayStart = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Apps = ["app-game", "app-fitness", "app-shop", "app-news", "app-chat"];

    private string _directory = "";
    private DayComputation _computation = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var workload = SpeedWorkload.Create(Batches, EventsPerBatch, devices: 20_000, DayStart, TimeSpan.FromHours(23), Apps);
        var events = workload.DecodeAll().SelectMany(e => e).ToList();
        _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tally-bench-batch", Guid.NewGuid().ToString("N"))).FullName;
        var database = SqliteDatabase.InDataDirectory(_directory);
        await database.MigrateAsync();
        _computation = new DayComputation(new ListArchive(events), new SqliteViewStore(database), new BatchOptions());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvocation, Description = "decoded day → exact cells")]
    public async Task<int> ComputeDay()
    {
        var day = await _computation.ComputeAsync(DateOnly.FromDateTime(DayStart.UtcDateTime), appId: null, archiveVersion: 1, CancellationToken.None);
        return day.Commit.Cells.Count;
    }

    /// <summary>The decoded events, all of them on whichever day is asked for by event time, as one row group.</summary>
    private sealed class ListArchive(List<TallyEvent> events) : IArchiveDaySource
    {
        public async IAsyncEnumerable<ArchivedColumns> ReadDayAsync(DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            var onDay = events.Where(e => DateOnly.FromDateTime(e.EventTime.UtcDateTime) == day).Select(e => new ArchivedEvent(e, 0, 0)).ToList();
            if (onDay.Count > 0)
            {
                yield return ArchivedColumns.FromEvents(onDay);
            }
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new EventsPerSecondColumn());
    }
}
