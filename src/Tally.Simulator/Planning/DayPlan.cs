namespace Tally.Simulator.Planning;

/// <summary>What one device does on one day of the window.</summary>
/// <param name="Day">The day of the window (0 = the first).</param>
/// <param name="Sessions">The sessions, oldest first; empty when the user did not open the app.</param>
/// <param name="UploadDelayDays">0: uploaded as they happen; more: the device was offline and sends them that many days later.</param>
public sealed record DayPlan(int Day, IReadOnlyList<PlannedSession> Sessions, int UploadDelayDays)
{
    public int EventCount => Sessions.Sum(s => s.Events.Count);
}
