using Tally.Log.Contract;
using Tally.Testing.Nats;

namespace Tally.Log.Nats.Tests;

/// <summary>Runs its own nats-server, so it can crash and restart it without disturbing other tests.</summary>
public sealed class NatsServerOutageTests
{
    [Fact]
    public async Task Appends_fail_as_unavailable_while_the_server_is_down_and_succeed_after_it_is_back()
    {
        await using var server = await NatsServerProcess.StartAsync();
        var options = NatsServerFixture.NewLogOptions(server.Url, partitionCount: 2);
        options.RequestTimeout = TimeSpan.FromSeconds(2);
        await using var log = await NatsEventLog.OpenAsync(options);
        var before = await log.AppendAsync(1, LogTestExtensions.Payload("before"));

        // 1. The server crashes: an append is refused as transient, never acknowledged.
        await server.StopAsync();
        var error = await Assert.ThrowsAsync<LogUnavailableException>(async () => await log.AppendAsync(1, LogTestExtensions.Payload("during")));
        Assert.True(error.IsTransient);

        // 2. The server is back with its data: the client reconnects and appending continues. The
        //    refused record may or may not have been stored (the client may flush it on reconnect).
        await server.RestartAsync();
        var after = await AppendWhenReconnectedAsync(log);
        Assert.True(after.Offset > before.Offset);
        var records = await log.ReadAllAsync();
        Assert.Equal("before", records[0].Text());
        Assert.Equal("after", records[^1].Text());
    }

    [Fact]
    public async Task A_consumer_reads_what_is_appended_after_the_server_restarted()
    {
        await using var server = await NatsServerProcess.StartAsync();
        var options = NatsServerFixture.NewLogOptions(server.Url, partitionCount: 2);
        options.RequestTimeout = TimeSpan.FromSeconds(2);
        await using var log = await NatsEventLog.OpenAsync(options);
        await using var consumer = log.Subscribe("readers");
        await log.AppendAsync(1, LogTestExtensions.Payload("before"));
        Assert.Equal("before", (await FetchUntilAsync(consumer, "before")).Text());

        // The server crashes and comes back with its stream, but not with the consumer's in-memory reader.
        await server.StopAsync();
        await server.RestartAsync();
        await AppendWhenReconnectedAsync(log);

        Assert.Equal("after", (await FetchUntilAsync(consumer, "after")).Text());
    }

    private static async Task<LogRecord> FetchUntilAsync(ILogConsumer consumer, string text)
    {
        using var deadline = new CancellationTokenSource(LogTestExtensions.PatientWait);
        while (true)
        {
            try
            {
                var records = await consumer.FetchAsync(10, TimeSpan.FromMilliseconds(200), deadline.Token);
                if (records.FirstOrDefault(r => r.Text() == text) is { } found)
                {
                    return found;
                }
            }
            catch (LogUnavailableException) when (!deadline.IsCancellationRequested)
            {
                // Still reconnecting: try again, as the workers do.
            }
        }
    }

    private static async Task<LogPosition> AppendWhenReconnectedAsync(IEventLog log)
    {
        using var deadline = new CancellationTokenSource(LogTestExtensions.PatientWait);
        while (true)
        {
            try
            {
                return await log.AppendAsync(1, LogTestExtensions.Payload("after"), deadline.Token);
            }
            catch (LogUnavailableException) when (!deadline.IsCancellationRequested)
            {
                // Still reconnecting; the client retries on its own schedule.
            }
        }
    }
}
