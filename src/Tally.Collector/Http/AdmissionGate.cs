using Microsoft.Extensions.Options;

namespace Tally.Collector.Http;

/// <summary>
/// Admission control: at most <see cref="CollectorOptions.MaxInFlightRequests"/> requests are
/// worked on at once. A request that finds it full is refused at once (429) rather than queued,
/// so that neither memory nor the latency of accepted requests grows with the offered load.
/// </summary>
internal sealed class AdmissionGate(IOptions<CollectorOptions> options)
{
    private readonly int _capacity = options.Value.MaxInFlightRequests;
    private int _inFlight;

    /// <summary>Requests admitted and not yet finished.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes a slot; false when all are taken. Every true must be followed by one <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) <= _capacity)
        {
            return true;
        }
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
