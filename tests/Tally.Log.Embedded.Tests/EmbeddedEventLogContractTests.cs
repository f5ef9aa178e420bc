using Tally.Log.Contract;

namespace Tally.Log.Embedded.Tests;

public sealed class EmbeddedEventLogContractTests : EventLogContractTests
{
    protected override Task<LogUnderTest> CreateLogAsync(int partitionCount = Partitions) =>
        Task.FromResult<LogUnderTest>(new EmbeddedLogUnderTest(partitionCount));
}
