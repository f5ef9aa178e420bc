using System.Text;
using System.Text.Json;
using Tally.Client.Queue;
using Tally.Client.Tests.Support;

namespace Tally.Client.Tests;

public sealed class CrashTests
{
    [Fact]
    public async Task A_crash_is_on_disk_when_track_crash_returns()
    {
        using var storage = new TestStorage();
        var time = Clients.Clock();
        await using var client = new TallyClient(Clients.Options(new Uri("http://127.0.0.1:9/"), "key", storage, time));

        client.TrackCrash(Thrown());

        var onDisk = Directory.GetFiles(storage.Directory, "*.seg")
            .SelectMany(f => RecordFraming.ReadAll(ReadShared(f)).Records)
            .Select(r => JsonDocument.Parse(r.Json).RootElement)
            .ToList();
        var crash = Assert.Single(onDisk);
        Assert.Equal(TallyClient.CrashEventName, crash.GetProperty("event").GetString());
        Assert.Equal(typeof(InvalidOperationException).FullName, crash.GetProperty("properties").GetProperty("exceptionType").GetString());
        Assert.Contains(nameof(Thrown), crash.GetProperty("properties").GetProperty("stackTrace").GetString());
    }

    private static Exception Thrown()
    {
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    /// <summary>Reads a segment the client still has open for writing.</summary>
    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }
}
