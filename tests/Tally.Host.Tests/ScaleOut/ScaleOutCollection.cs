namespace Tally.Host.Tests.ScaleOut;

/// <summary>The tests that run a whole scale-out deployment: one at a time, so two of them never share the two cores.</summary>
internal static class ScaleOutCollection
{
    public const string Name = "Scale-out deployments";
}
