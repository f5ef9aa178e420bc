using BenchmarkDotNet.Attributes;
using Tally.Log.Embedded;

namespace Tally.Benchmarks.Log;

/// <summary>
/// Append throughput of the embedded log under group commit: many concurrent appenders, each
/// waiting for its record to be fsynced, as collectors do before acknowledging a batch.
/// One operation = one committed record.
/// </summary>
[MemoryDiagnoser]
public class EmbeddedLogAppendBenchmarks
{
    // Collector requests in flight at once on a busy node.
    private const int Appenders = 64;
    private const int AppendsPerAppender = 50;
    private const int Operations = Appenders * AppendsPerAppender;

    private byte[] _record = [];
    private string _directory = "";
    private EmbeddedEventLog _log = null!;

    /// <summary>About one compressed collector batch of a few dozen events.</summary>
    [Params(3 * 1024)]
    public int RecordBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "tally-bench-log", Guid.NewGuid().ToString("N"));
        _record = new byte[RecordBytes];
        Random.Shared.NextBytes(_record);
        _log = EmbeddedEventLog.OpenAsync(new EmbeddedLogOptions { Directory = _directory }).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public Task AppendAndWaitForCommit() =>
        Task.WhenAll(Enumerable.Range(0, Appenders).Select(AppendManyAsync));

    private async Task AppendManyAsync(int appender)
    {
        for (var i = 0; i < AppendsPerAppender; i++)
        {
            await _log.AppendAsync((appender + i) % _log.PartitionCount, _record);
        }
    }
}
