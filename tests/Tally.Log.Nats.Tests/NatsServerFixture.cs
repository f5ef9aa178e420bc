using Tally.Testing.Nats;

namespace Tally.Log.Nats.Tests;

/// <summary>
/// The NATS server of the integration tests: TALLY_TEST_NATS when set (see scripts/nats.sh),
/// otherwise a nats-server this fixture starts and stops itself.
/// </summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "TALLY_TEST_NATS";

    private NatsServerProcess? _owned;

    public string Url { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var url = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            _owned = await NatsServerProcess.StartAsync();
            url = _owned.Url;
        }

        Url = url;
    }

    public async Task DisposeAsync()
    {
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }
    }

    /// <summary>Options for a log of its own: a unique prefix, and fast heartbeats so membership tests stay short.</summary>
    public NatsLogOptions NewLogOptions(int partitionCount) => NewLogOptions(Url, partitionCount);

    public static NatsLogOptions NewLogOptions(string url, int partitionCount) => new()
    {
        Url = url,
        Prefix = "t" + Guid.NewGuid().ToString("N"),
        PartitionCount = partitionCount,
        MemberHeartbeatInterval = TimeSpan.FromMilliseconds(200),
        MemberTimeout = TimeSpan.FromSeconds(2),
    };
}
