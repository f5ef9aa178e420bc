using Tally.Log.Contract;

namespace Tally.Log.Nats.Tests;

public sealed class NatsEventLogContractTests(NatsServerFixture server) : EventLogContractTests, IClassFixture<NatsServerFixture>
{
    protected override Task<LogUnderTest> CreateLogAsync(int partitionCount = Partitions) =>
        Task.FromResult<LogUnderTest>(new NatsLogUnderTest(server.NewLogOptions(partitionCount)));
}
