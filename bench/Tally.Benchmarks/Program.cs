using BenchmarkDotNet.Running;
using Tally.Benchmarks.Batch;
using Tally.Benchmarks.Query;
using Tally.Benchmarks.Speed;

// Plain console modes next to the BenchmarkDotNet switcher: a profiling loop, the state-memory report, batch vs DuckDB, query latency.
switch (args)
{
    case ["speed-loop", .. var rest]:
        SpeedProfileLoop.Run(rest);
        break;
    case ["speed-props", .. var rest]:
        SpeedPropertiesLoop.Run(rest);
        break;
    case ["batch-vs-duckdb", .. var rest]:
        await BatchVsDuckDb.RunAsync(rest);
        break;
    case ["query-latency", .. var rest]:
        await QueryLatency.RunAsync(rest);
        break;
    case ["speed-memory"]:
        SpeedMemoryReport.Run();
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        break;
}
