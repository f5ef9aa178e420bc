namespace Tally.Load.Http;

/// <summary>
/// One worker's counts. Each worker owns its tally, so the hot path takes no locks; the
/// runner merges them after the workers have finished.
/// </summary>
internal sealed class WorkerTally
{
    // Enough for a worker's requests in a typical 30 s run without regrowing.
    private const int ExpectedRequests = 4_096;

    public long AcceptedRequests { get; private set; }

    public long AcceptedEvents { get; private set; }

    public List<double> AcceptedLatenciesMilliseconds { get; } = new(ExpectedRequests);

    public Dictionary<string, long> Errors { get; } = [];

    public TimeSpan Throttled { get; private set; }

    public void Accepted(int events, TimeSpan latency)
    {
        AcceptedRequests++;
        AcceptedEvents += events;
        AcceptedLatenciesMilliseconds.Add(latency.TotalMilliseconds);
    }

    public void Failed(string reason) => Errors[reason] = Errors.GetValueOrDefault(reason) + 1;

    public void BackedOff(TimeSpan delay) => Throttled += delay;
}
