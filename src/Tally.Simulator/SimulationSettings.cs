using Tally.Simulator.Model;

namespace Tally.Simulator;

/// <summary>What to simulate and where to send it.</summary>
/// <param name="Endpoint">The collector's base address.</param>
/// <param name="WriteKey">The app's write key.</param>
/// <param name="App">The app the devices run.</param>
/// <param name="Devices">Installs over the window (more on later days); live traffic adds a few.</param>
/// <param name="Days">Days of history before today.</param>
/// <param name="StateDirectory">Holds one SDK storage directory per device.</param>
/// <param name="Now">The end of the history; day 0 is <paramref name="Days"/> UTC days before its date.</param>
public sealed record SimulationSettings(Uri Endpoint, string WriteKey, AppProfile App, int Devices, int Days, string StateDirectory, DateTimeOffset Now)
{
    /// <summary>Chance that a session ends in a crash.</summary>
    public double CrashRate { get; init; } = 0.02;

    /// <summary>Same seed, same devices and events (ids the SDK generates aside).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Devices playing at once: bounds connections and memory, not the number of devices.</summary>
    public int Concurrency { get; init; } = 32;

    public DateOnly FirstDay => DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-Days);
}
