namespace Tally.Host.Tests.ScaleOut;

internal static class Poll
{
    /// <summary>Checks <paramref name="condition"/> until it holds; the token is the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            // Short: the workers commit every few hundred ms; the deadline bounds the wait.
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
