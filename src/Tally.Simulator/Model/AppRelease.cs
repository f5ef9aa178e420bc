namespace Tally.Simulator.Model;

/// <summary>An app version and the day of the simulated window it ships on (0 = the first day; negative = before it).</summary>
public sealed record AppRelease(string Version, int ReleaseDay);
