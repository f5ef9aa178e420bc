using Microsoft.Extensions.Time.Testing;
using Tally.Core.Workers;

namespace Tally.Core.Tests.Workers;

public class RetryLoopTests
{
    private static readonly RetryDelays Delays = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

    [Fact]
    public void Delays_double_from_the_first_up_to_the_cap()
    {
        var delays = new List<TimeSpan>();
        var delay = TimeSpan.Zero;
        for (int i = 0; i < 5; i++)
        {
            delay = Delays.After(delay);
            delays.Add(delay);
        }

        Assert.Equal([1, 2, 4, 5, 5], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task Retries_failed_steps_after_growing_delays_and_resets_them_after_a_success()
    {
        var time = new FakeTimeProvider();
        using var stop = new CancellationTokenSource();
        var outcomes = new Queue<bool>([false, false, true, false]);
        var reported = new List<TimeSpan>();
        int steps = 0;

        var loop = RetryLoop.RunAsync(
            _ =>
            {
                steps++;
                if (outcomes.Count == 0)
                {
                    stop.Cancel();
                    throw new OperationCanceledException(stop.Token);
                }
                return outcomes.Dequeue() ? Task.FromResult(TimeSpan.Zero) : Task.FromException<TimeSpan>(new IOException("seam down"));
            },
            (e, delay) =>
            {
                Assert.IsType<IOException>(e);
                reported.Add(delay);
            },
            Delays, time, stop.Token);

        // Each failure waits on the fake clock; advance it until the loop has run every step.
        for (int i = 0; i < 10_000 && !loop.IsCompleted; i++)
        {
            await Task.Yield();
            time.Advance(TimeSpan.FromMilliseconds(500));
        }
        Assert.True(loop.IsCompleted, "the loop never ran out of steps");
        await loop;

        Assert.Equal([1, 2, 1], reported.Select(d => d.TotalSeconds));
        Assert.Equal(5, steps);
    }

    [Fact]
    public async Task Waits_what_a_successful_step_asks_for_and_stops_when_cancelled_during_the_wait()
    {
        var time = new FakeTimeProvider();
        using var stop = new CancellationTokenSource();
        int steps = 0;

        var loop = RetryLoop.RunAsync(
            _ =>
            {
                Interlocked.Increment(ref steps);
                return Task.FromResult(TimeSpan.FromMinutes(1));
            },
            (e, _) => Assert.Fail($"No step fails here: {e}"),
            Delays, time, stop.Token);

        Assert.Equal(1, Volatile.Read(ref steps));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, Volatile.Read(ref steps));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref steps) == 2, TimeSpan.FromSeconds(30)), "the second step never ran");
        stop.Cancel();
        await loop;
        Assert.Equal(2, Volatile.Read(ref steps));
    }
}
