using Tally.Host.Tests.ScaleOut;

namespace Tally.Host.Tests.Chaos;

/// <summary>
/// Keeps a <see cref="CollectorLoad"/> going in small steps, batch 1 onwards, until stopped: a steady stream that
/// flows before, during and after a fault, rather than a flood that would starve the processes under test.
/// </summary>
internal sealed class SteadyLoad
{
    private const int BatchesPerStep = 4;
    private const int Senders = 2;

    // Between steps: about 200 events a second on an idle machine, enough to pile up a backlog while a role is down.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(150);

    private readonly CollectorLoad _load;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<long> _running;

    private SteadyLoad(CollectorLoad load, CancellationToken cancellationToken)
    {
        _load = load;
        _running = RunAsync(cancellationToken);
    }

    public static SteadyLoad Start(CollectorLoad load, CancellationToken cancellationToken) => new(load, cancellationToken);

    /// <summary>Finishes the step in flight and returns the last batch sent; batches 1 to it are all acknowledged.</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        return await _running;
    }

    /// <summary>Rethrows what stopped the load early (e.g. an answer no SDK would retry), so a waiting test fails at once.</summary>
    public void ThrowIfFaulted()
    {
        if (_running.IsFaulted)
        {
            _running.GetAwaiter().GetResult();
        }
    }

    private async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        long last = 0;
        while (!_stop.IsCancellationRequested)
        {
            await _load.SendAsync(last + 1, last + BatchesPerStep, Senders, cancellationToken);
            last += BatchesPerStep;
            await Task.Delay(Pause, cancellationToken);
        }
        return last;
    }
}
