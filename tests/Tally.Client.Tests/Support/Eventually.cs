namespace Tally.Client.Tests.Support;

/// <summary>Polls a condition that background work makes true, with a generous deadline for a loaded CI machine.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting until " + because);
            await Task.Delay(10);
        }
    }
}
