using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Tally.Core.Encoding;
using Tally.Core.Events;
using Tally.Speed;
using Tally.Speed.Aggregation;
using Tally.Speed.Processing;

namespace Tally.Benchmarks.Speed;

/// <summary>
/// Speed-layer aggregation throughput (issue 3, target: at least 500,000 events/s per core): log
/// records of realistic mobile traffic through <see cref="PartitionProcessor"/> into
/// <see cref="ViewDeltas"/>, as <see cref="SpeedEngine"/> does between two commits; the view-store
/// commit itself is not measured. The cold benchmarks start each invocation from empty partition state
/// and new deltas (one commit interval's worth of events), so no invocation sees another's messages as
/// duplicates. The steady-state one starts from the partition state an hour of earlier traffic left
/// (restored from snapshots) and the deltas of the previous invocation, cleared, as a running worker
/// clears its deltas after each commit, in the order a worker that is behind reads records (see
/// <see cref="FetchOrder"/>; also in append order, for comparison). One thread: the rate is per core.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class SpeedAggregationBenchmarks
{
    /// <summary>1,000 requests of 100 events over one hour of receive time: about a fifth of a second at the target rate.</summary>
    private const int Batches = 1_000;
    private const int EventsPerBatch = 100;
    private const int EventsPerInvocation = Batches * EventsPerBatch;

    private static readonly string[] Apps = ["app-game", "app-fitness", "app-shop", "app-news", "app-chat"];
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private readonly SpeedOptions _options = new();
    private SpeedWorkload _workload = null!;
    private IReadOnlyList<List<TallyEvent>> _decoded = [];
    private PartitionProcessor[] _processors = [];
    private ViewDeltas _deltas = new();
    private SteadyStateWorkload _steady = null!;
    private int[] _steadyFetchOrder = [];
    private int[] _steadyAppendOrder = [];

    [GlobalSetup]
    public void Setup()
    {
        _workload = CreateWorkload();
        if (_workload.EventCount != EventsPerInvocation)
        {
            throw new InvalidOperationException($"The workload holds {_workload.EventCount} events, expected {EventsPerInvocation}.");
        }
        _decoded = _workload.DecodeAll();
        _steady = CreateSteadyWorkload(_options);
        if (_steady.EventCount != EventsPerInvocation)
        {
            throw new InvalidOperationException($"The steady-state workload holds {_steady.EventCount} events, expected {EventsPerInvocation}.");
        }
        _steadyFetchOrder = FetchOrder.Of(_steady.Records, SpeedWorkload.PartitionCount, _options.FetchMaxRecords);
        _steadyAppendOrder = [.. Enumerable.Range(0, _steady.Records.Count)];
    }

    /// <summary>The workload every benchmark of this class (and <see cref="SpeedProfileLoop"/>) runs.</summary>
    internal static SpeedWorkload CreateWorkload() => SpeedWorkload.Create(Batches, EventsPerBatch, devices: 5_000,
        Start, TimeSpan.FromHours(1), Apps);

    /// <summary>Both hours of <see cref="CreateSteadyWorkload"/>; records appended after <see cref="SecondHour"/> are the measured hour.</summary>
    internal static SpeedWorkload CreateTwoHourWorkload() => SpeedWorkload.Create(2 * Batches, EventsPerBatch, devices: 5_000,
        Start, TimeSpan.FromHours(2), Apps);

    internal static DateTimeOffset SecondHour => Start + TimeSpan.FromHours(1);

    /// <summary>The same devices' next hour, after the hour of <see cref="CreateWorkload"/> built the partition state.</summary>
    internal static SteadyStateWorkload CreateSteadyWorkload(SpeedOptions options) =>
        SteadyStateWorkload.Create(Batches, EventsPerBatch, devices: 5_000, Start, Apps, options);

    [IterationSetup(Targets = [nameof(ProcessDecoded), nameof(DecodeAndProcess), nameof(DecodeOnly)])]
    public void FreshState()
    {
        _processors = [.. Enumerable.Range(0, SpeedWorkload.PartitionCount).Select(p => new PartitionProcessor(p, _options, startOffset: 0))];
        _deltas = new ViewDeltas();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvocation, Description = "decoded records → deltas")]
    public int ProcessDecoded()
    {
        var records = _workload.Records;
        for (int i = 0; i < records.Count; i++)
        {
            _processors[records[i].Partition].ProcessEvents(_decoded[i], records[i].NextOffset, _deltas);
        }
        return _deltas.Count;
    }

    [IterationSetup(Targets = [nameof(ProcessSteady), nameof(ProcessSteadyAppendOrder)])]
    public void WarmState()
    {
        _processors = _steady.RestoreProcessors(_options);
        _deltas.Clear();
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvocation, Description = "steady state: decoded records → deltas")]
    public int ProcessSteady() => ProcessSteadyIn(_steadyFetchOrder);

    [Benchmark(OperationsPerInvoke = EventsPerInvocation, Description = "steady state, append order: decoded records → deltas")]
    public int ProcessSteadyAppendOrder() => ProcessSteadyIn(_steadyAppendOrder);

    private int ProcessSteadyIn(int[] order)
    {
        var records = _steady.Records;
        foreach (int i in order)
        {
            _processors[records[i].Partition].ProcessEvents(_steady.Decoded[i], records[i].NextOffset, _deltas);
        }
        return _deltas.Count;
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvocation, Description = "decode + process → deltas")]
    public int DecodeAndProcess()
    {
        foreach (var record in _workload.Records)
        {
            _processors[record.Partition].Process(record, _deltas);
        }
        return _deltas.Count;
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvocation, Description = "decode only")]
    public int DecodeOnly()
    {
        int events = 0;
        foreach (var record in _workload.Records)
        {
            events += EventBatchReader.Decode(record.Payload).Count;
        }
        return events;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new EventsPerSecondColumn());
    }
}
