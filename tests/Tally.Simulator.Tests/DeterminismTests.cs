using System.Text.Json;
using Tally.Simulator.Model;
using Tally.Simulator.Planning;
using Xunit;

namespace Tally.Simulator.Tests;

public sealed class DeterminismTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Same_seed_plans_the_same_devices_and_events()
    {
        Assert.Equal(History(seed: 7), History(seed: 7));
    }

    [Fact]
    public void Another_seed_plans_other_events()
    {
        Assert.NotEqual(History(seed: 7), History(seed: 8));
    }

    [Fact]
    public void History_holds_past_sessions_only_with_crashes_versions_and_late_uploads()
    {
        var settings = Settings(seed: 3, devices: 300);
        var deliveries = HistorySchedule.Rounds(settings, Population.Create(settings.App, settings.Devices, settings.Days, settings.Seed)).SelectMany(r => r).ToList();
        var events = deliveries.SelectMany(d => d.Plan.Sessions).SelectMany(s => s.Events).ToList();

        Assert.All(events, e => Assert.True(e.Timestamp <= Now));
        Assert.Contains(events, e => e.Name == Client.TallyClient.CrashEventName);
        Assert.True(deliveries.SelectMany(d => d.Plan.Sessions).Select(s => s.AppVersion).Distinct().Count() >= 2); // 4.1.0 and the 4.2.0 roll-out of day 3
        Assert.Contains(deliveries, d => d.Round > d.Plan.Day);
    }

    private static string History(long seed)
    {
        var settings = Settings(seed, devices: 40);
        var rounds = HistorySchedule.Rounds(settings, Population.Create(settings.App, settings.Devices, settings.Days, settings.Seed));
        return JsonSerializer.Serialize(rounds.Select(r => r.Select(d => new { d.Device, d.Round, d.Plan })).ToList());
    }

    private static SimulationSettings Settings(long seed, int devices) =>
        new(new Uri("http://127.0.0.1:1"), "wk_test", AppProfiles.Puzzle, devices, Days: 10, StateDirectory: "unused", Now) { Seed = seed };
}
