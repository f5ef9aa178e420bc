namespace Tally.Load.Freshness;

/// <summary>
/// The probes of one run: when each was sent, acknowledged (HTTP 200) and first seen in the speed
/// views, as times since the run started. Thread-safe: the probe sender and the view poller share it.
/// </summary>
internal sealed class ProbeTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Probe> _probes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unseen = new(StringComparer.Ordinal);

    /// <summary>Probes sent and not refused that were not seen yet.</summary>
    public int UnseenCount
    {
        get
        {
            lock (_gate)
            {
                return _unseen.Count;
            }
        }
    }

    public void Sent(string name, TimeSpan at)
    {
        lock (_gate)
        {
            _probes.Add(name, new Probe { SentAt = at });
            _unseen.Add(name);
        }
    }

    public void Acknowledged(string name, TimeSpan at)
    {
        lock (_gate)
        {
            _probes[name].AcknowledgedAt = at;
        }
    }

    /// <summary>Not acknowledged (an error status or transport failure): the probe may or may not show up, so it is not waited for.</summary>
    public void Refused(string name)
    {
        lock (_gate)
        {
            _probes[name].Refused = true;
            _unseen.Remove(name);
        }
    }

    /// <summary>Marks the probes among <paramref name="visible"/> not seen before as seen at <paramref name="at"/>; other names are ignored.</summary>
    public void Seen(IEnumerable<string> visible, TimeSpan at)
    {
        lock (_gate)
        {
            foreach (var name in visible)
            {
                if (_unseen.Remove(name))
                {
                    _probes[name].SeenAt = at;
                }
            }
        }
    }

    public ProbeSummary Summarize()
    {
        lock (_gate)
        {
            var acknowledged = _probes.Values.Where(p => p.AcknowledgedAt is not null).ToList();
            var measured = acknowledged.Where(p => p.SeenAt is not null).ToList();
            // A commit can land before the 200 reaches the client; such a probe was fresh "at once".
            var freshness = measured.Select(p => Math.Max(0, (p.SeenAt!.Value - p.AcknowledgedAt!.Value).TotalMilliseconds)).Order().ToArray();
            var ackLatency = acknowledged.Select(p => (p.AcknowledgedAt!.Value - p.SentAt).TotalMilliseconds).Order().ToArray();
            return new ProbeSummary(
                Sent: _probes.Count,
                Acknowledged: acknowledged.Count,
                Refused: _probes.Values.Count(p => p.Refused),
                Seen: measured.Count,
                NeverSeen: acknowledged.Count - measured.Count,
                SeenBeforeAcknowledged: measured.Count(p => p.SeenAt < p.AcknowledgedAt),
                FreshnessMilliseconds: freshness,
                AcknowledgeMilliseconds: ackLatency);
        }
    }

    private sealed class Probe
    {
        public TimeSpan SentAt { get; init; }

        public TimeSpan? AcknowledgedAt { get; set; }

        public TimeSpan? SeenAt { get; set; }

        public bool Refused { get; set; }
    }
}

/// <summary>The probes' fates and the sorted latencies of the acknowledged ones.</summary>
/// <param name="FreshnessMilliseconds">Seen minus acknowledged, sorted, for every acknowledged probe that was seen.</param>
/// <param name="AcknowledgeMilliseconds">Acknowledged minus sent, sorted.</param>
internal sealed record ProbeSummary(
    int Sent,
    int Acknowledged,
    int Refused,
    int Seen,
    int NeverSeen,
    int SeenBeforeAcknowledged,
    double[] FreshnessMilliseconds,
    double[] AcknowledgeMilliseconds);
