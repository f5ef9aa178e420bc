using BenchmarkDotNet.Running;
using Tally.Benchmarks.Speed;

// Two plain console modes next to the BenchmarkDotNet switcher: a profiling loop and the state-memory report.
switch (args)
{
    case ["speed-loop", .. var rest]:
        SpeedProfileLoop.Run(rest);
        break;
    case ["speed-memory"]:
        SpeedMemoryReport.Run();
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        break;
}
