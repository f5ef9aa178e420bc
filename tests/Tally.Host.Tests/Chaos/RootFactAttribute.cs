namespace Tally.Host.Tests.Chaos;

/// <summary>A fact that needs root (to mount a file system, or to run PostgreSQL as the postgres user); skipped otherwise, saying why.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute(string needsRootTo)
    {
        if (Environment.UserName != "root")
        {
            Skip = $"needs root to {needsRootTo}; CI (.ci/run) runs as root";
        }
    }
}
