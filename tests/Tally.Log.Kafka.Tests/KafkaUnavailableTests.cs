using System.Net;
using System.Net.Sockets;

namespace Tally.Log.Kafka.Tests;

/// <summary>
/// With no broker listening, every operation that needs the cluster fails with
/// <see cref="LogUnavailableException"/> once its timeout passes. Runs without a broker: it talks
/// to a port nothing listens on, through the real librdkafka.
/// </summary>
public sealed class KafkaUnavailableTests
{
    // Short, so the tests finish quickly; the failure comes from the timeout, not from a sleep.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Opening_fails_with_LogUnavailableException()
    {
        var options = Unreachable();

        var failure = await Assert.ThrowsAsync<LogUnavailableException>(() => KafkaEventLog.OpenAsync(options));

        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task An_append_fails_with_LogUnavailableException_and_dispose_still_completes()
    {
        var log = KafkaEventLog.Create(Unreachable());

        await Assert.ThrowsAsync<LogUnavailableException>(async () => await log.AppendAsync(0, new byte[] { 1, 2, 3 }));
        await Assert.ThrowsAsync<LogUnavailableException>(async () => await log.GetBoundsAsync(0));

        await log.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(0, new byte[] { 1 }));
    }

    [Fact]
    public async Task Partitions_outside_the_log_are_rejected_before_any_request()
    {
        await using var log = KafkaEventLog.Create(Unreachable());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.AppendAsync(2, new byte[] { 1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.AppendAsync(-1, new byte[] { 1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.GetBoundsAsync(2));
    }

    private static KafkaLogOptions Unreachable() => new()
    {
        BootstrapServers = $"127.0.0.1:{UnusedPort()}",
        Topic = $"tally-test-{Guid.NewGuid():N}",
        PartitionCount = 2,
        ReplicationFactor = 1,
        DeliveryTimeout = Timeout,
        RequestTimeout = Timeout,
    };

    /// <summary>A port that was free a moment ago; nothing listens there.</summary>
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
