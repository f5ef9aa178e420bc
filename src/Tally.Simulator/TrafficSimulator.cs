using Tally.Simulator.Driving;
using Tally.Simulator.Model;
using Tally.Simulator.Planning;

namespace Tally.Simulator;

/// <summary>
/// Drives simulated devices of one app through the SDK: first the history (every day of the
/// window, oldest first, as fast as the collector accepts it), then live traffic at a given rate.
/// Thousands of devices fit one process: only <see cref="SimulationSettings.Concurrency"/> SDK
/// clients are open at once, all on one HttpClient.
/// </summary>
public sealed class TrafficSimulator
{
    /// <summary>Share of live sessions that come from a fresh install (new users keep arriving).</summary>
    private const double LiveInstallShare = 0.08;

    /// <summary>How often live traffic is paced: small against a second, large against one session's work.</summary>
    private static readonly TimeSpan LiveTick = TimeSpan.FromMilliseconds(200);

    private readonly SimulationSettings _settings;
    private readonly DeviceDriver _driver;
    private readonly List<DeviceTraits> _devices;
    private readonly DevicePlanner _planner;

    public TrafficSimulator(SimulationSettings settings, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(http);
        _settings = settings;
        _driver = new DeviceDriver(settings, http, Counters);
        _devices = [.. Population.Create(settings.App, settings.Devices, settings.Days, settings.Seed)];
        _planner = new DevicePlanner(settings.App, settings.Seed, settings.FirstDay, settings.CrashRate);
    }

    public SimulationCounters Counters { get; } = new();

    public SimulationSettings Settings => _settings;

    /// <summary>Sends the history; reports after each day with the day number (0 = the first).</summary>
    public async Task RunHistoryAsync(Action<int, SimulationSnapshot>? dayDone, CancellationToken cancellationToken)
    {
        int round = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _settings.Concurrency, CancellationToken = cancellationToken };
        foreach (var deliveries in HistorySchedule.Rounds(_settings, _devices))
        {
            // A device shows up twice in a round when an offline day is uploaded with its current one: play them in order, one client at a time.
            var byDevice = deliveries.GroupBy(d => d.Device.Index).ToList();
            await Parallel.ForEachAsync(byDevice, parallel, async (group, token) =>
            {
                foreach (var delivery in group.OrderBy(d => d.Plan.Day))
                {
                    await _driver.PlayAsync(delivery.Device, delivery.Plan.Sessions, token).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            dayDone?.Invoke(round++, Counters.Snapshot());
        }
    }

    /// <summary>
    /// Sends about <paramref name="eventsPerSecond"/> events a second until cancelled: sessions of
    /// installed devices (the more engaged and the more recently installed, the likelier), now and
    /// then a fresh install, and sometimes a device back from being offline with hours-old events.
    /// </summary>
    public async Task RunLiveAsync(double eventsPerSecond, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eventsPerSecond);
        var random = StableRandom.For(_settings.Seed, StableRandom.Key(_settings.App.Name), long.MinValue);
        var busy = new HashSet<int>();
        using var slots = new SemaphoreSlim(_settings.Concurrency);
        var running = new List<Task>();
        long sequence = 0;
        double budget = 0;
        using var timer = new PeriodicTimer(LiveTick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                // Capped at a second's worth: after a stall, catch up a little, not in a burst.
                budget = Math.Min(budget + eventsPerSecond * LiveTick.TotalSeconds, eventsPerSecond);
                while (budget > 0 && slots.CurrentCount > 0)
                {
                    var (device, firstEver) = NextLiveDevice(random);
                    lock (busy)
                    {
                        if (!busy.Add(device.Index))
                        {
                            break; // that device is still uploading its last session; try again next tick
                        }
                    }
                    var session = _planner.PlanLiveSession(device, sequence++, DateTimeOffset.UtcNow, firstEver);
                    budget -= session.Events.Count;
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    running.Add(PlayLiveAsync(device, session, slots, busy, cancellationToken));
                }
                foreach (var failed in running.Where(t => t.IsFaulted))
                {
                    await failed.ConfigureAwait(false); // rethrows: a bug, not a collector hiccup (the SDK retries those)
                }
                running.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: start no more sessions; those in flight end with the same token.
        }
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task PlayLiveAsync(DeviceTraits device, PlannedSession session, SemaphoreSlim slots, HashSet<int> busy, CancellationToken cancellationToken)
    {
        try
        {
            await _driver.PlayAsync(device, [session], cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what was queued stays in the device's storage directory.
        }
        finally
        {
            lock (busy)
            {
                busy.Remove(device.Index);
            }
            slots.Release();
        }
    }

    /// <summary>Picks who opens the app next: a fresh install, or an installed device by its chance to use the app today.</summary>
    private (DeviceTraits Device, bool FirstEver) NextLiveDevice(Random random)
    {
        int today = _settings.Days;
        if (_devices.Count == 0 || random.Chance(LiveInstallShare))
        {
            var installed = Population.CreateDevice(_settings.App, _devices.Count, today, random) with { JoinDay = today };
            _devices.Add(installed);
            return (installed, true);
        }
        while (true)
        {
            // Rejection sampling by usage chance (at most 2): a few draws on average, no table to rebuild as devices join.
            var device = _devices[random.Next(_devices.Count)];
            double usage = Retention.ReturnProbability(today - device.JoinDay) * device.Engagement;
            if (device.JoinDay <= today && random.NextDouble() * 2 < usage)
            {
                return (device, false);
            }
        }
    }
}
