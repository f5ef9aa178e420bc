using Tally.Client.Tests.Servers;
using Tally.Client.Tests.Support;

namespace Tally.Client.Tests;

/// <summary>The public API never waits for the network or the disk: proved with both held, not with timings.</summary>
public sealed class NonBlockingTests
{
    [Fact]
    public async Task Track_completes_while_an_upload_is_held_open_and_the_disk_queue_is_locked()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var uploadStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedServer.StartAsync(async (_, _) =>
        {
            uploadStarted.TrySetResult();
            await release.Task;
            return (200, null);
        });
        using var storage = new TestStorage();
        var time = Clients.Clock();
        await using var client = new TallyClient(Clients.Options(server.Address, "key", storage, time) with { FlushAt = 1 });

        // 1. The first event starts an upload that the server holds open.
        client.Track("first");
        await uploadStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // 2. Another thread holds the disk queue's lock, as a disk stalled mid-write would.
        using var diskHeld = new ManualResetEventSlim();
        using var releaseDisk = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            lock (client.DiskGate)
            {
                diskHeld.Set();
                releaseDisk.Wait();
            }
        });
        holder.Start();
        diskHeld.Wait();

        // 3. Every call returns with both held.
        for (int i = 0; i < 200; i++)
        {
            client.Track("while-blocked-" + i);
        }
        client.Screen("Blocked");
        client.Identify("user-1");
        client.OnBackground();
        client.OnForeground();
        Assert.Equal(203, client.Stats.Enqueued);
        Assert.False(release.Task.IsCompleted);

        // 4. Released, everything is delivered.
        releaseDisk.Set();
        holder.Join();
        release.SetResult();
        await Eventually.TrueAsync(() => client.Stats.Delivered == 203, "every event was delivered");
    }
}
