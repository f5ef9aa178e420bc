using System.Text.Json;

namespace Tally.Host.Tests.Crash;

/// <summary>Apps created in a data dir with the real CLI, as an operator would before starting Tally.</summary>
internal static class TestApps
{
    public static async Task<(string AppId, string WriteKey)> CreateAsync(string dataDirectory, string name)
    {
        var result = await CliRunner.RunAsync("apps", "create", name, "--json", "--data", dataDirectory);
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        return (json.RootElement.GetProperty("appId").GetString()!, json.RootElement.GetProperty("writeKey").GetString()!);
    }
}
