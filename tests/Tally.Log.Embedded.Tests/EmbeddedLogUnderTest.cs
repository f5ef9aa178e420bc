using Tally.Log.Contract;

namespace Tally.Log.Embedded.Tests;

/// <summary>An embedded log in its own temporary directory.</summary>
internal sealed class EmbeddedLogUnderTest : LogUnderTest
{
    private readonly TempDirectory _directory = new();

    public EmbeddedLogUnderTest(EmbeddedLogOptions options)
    {
        options.Directory = _directory.Path;
        Options = options;
    }

    public EmbeddedLogUnderTest(int partitionCount = 1)
        : this(new EmbeddedLogOptions { PartitionCount = partitionCount })
    {
    }

    public EmbeddedLogOptions Options { get; }

    public string Directory => _directory.Path;

    public string PartitionDirectory(int partition) => Path.Combine(Directory, $"p-{partition:D3}");

    public string[] SegmentFiles(int partition) => [.. System.IO.Directory.GetFiles(PartitionDirectory(partition), "*.seg").Order()];

    public override async Task<IEventLog> OpenAsync() => await OpenEmbeddedAsync();

    public Task<EmbeddedEventLog> OpenEmbeddedAsync() => EmbeddedEventLog.OpenAsync(Options);

    public override ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
