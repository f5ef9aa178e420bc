namespace Tally.Client.Tests.Support;

/// <summary>A client storage directory of the test's own, deleted at the end.</summary>
public sealed class TestStorage : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "tally-client-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
