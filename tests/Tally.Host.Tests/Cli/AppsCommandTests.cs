using System.Text.Json;

namespace Tally.Host.Tests.Cli;

public sealed class AppsCommandTests : IDisposable
{
    private readonly TempDataDirectory _dataDir = new();

    [Fact]
    public async Task Create_prints_the_app_id_and_both_keys()
    {
        var result = await CliRunner.RunAsync("apps", "create", "Weather iOS", "--data", _dataDir.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        Assert.Matches("Created app \"Weather iOS\" \\(app_[a-z2-7]{12}\\)", result.Output);
        Assert.Matches("Write key: wk_[A-Za-z0-9_-]{43}", result.Output);
        Assert.Matches("Read key:  rk_[A-Za-z0-9_-]{43}", result.Output);
    }

    [Fact]
    public async Task Create_with_json_prints_one_parseable_object()
    {
        var result = await CliRunner.RunAsync("apps", "create", "Notes", "--json", "--data", _dataDir.Path);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.StartsWith("app_", json.RootElement.GetProperty("appId").GetString(), StringComparison.Ordinal);
        Assert.Equal("Notes", json.RootElement.GetProperty("name").GetString());
        Assert.StartsWith("wk_", json.RootElement.GetProperty("writeKey").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("rk_", json.RootElement.GetProperty("readKey").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_created_apps_as_text_and_json()
    {
        var weather = await CreateAsync("Weather iOS");
        var notes = await CreateAsync("Notes");

        var text = await CliRunner.RunAsync("apps", "list", "--data", _dataDir.Path);
        var json = await CliRunner.RunAsync("apps", "list", "--json", "--data", _dataDir.Path);

        Assert.Equal(0, text.ExitCode);
        Assert.Contains($"{weather}  Weather iOS", text.Output, StringComparison.Ordinal);
        Assert.Contains($"{notes}  Notes", text.Output, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        using var listed = JsonDocument.Parse(json.Output);
        Assert.Equal(
            [(weather, "Weather iOS"), (notes, "Notes")],
            listed.RootElement.EnumerateArray().Select(app => (app.GetProperty("appId").GetString(), app.GetProperty("name").GetString())));
    }

    [Fact]
    public async Task List_of_a_new_data_dir_suggests_creating_an_app_and_creates_nothing()
    {
        var text = await CliRunner.RunAsync("apps", "list", "--data", _dataDir.Path);
        var json = await CliRunner.RunAsync("apps", "list", "--json", "--data", _dataDir.Path);

        Assert.Equal(0, text.ExitCode);
        Assert.Contains($"tally apps create NAME --data {_dataDir.Path}", text.Output, StringComparison.Ordinal);
        Assert.Equal("[]", json.Output.Trim());
        Assert.False(Directory.Exists(_dataDir.Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Create_with_an_empty_name_fails_with_a_message_and_creates_nothing(string name)
    {
        var result = await CliRunner.RunAsync("apps", "create", name, "--data", _dataDir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The app name must not be empty.", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dataDir.Path));
    }

    [Fact]
    public async Task Create_without_a_name_fails_with_a_message()
    {
        var result = await CliRunner.RunAsync("apps", "create", "--data", _dataDir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Required argument missing", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_dir_that_cannot_be_created_fails_with_a_message()
    {
        Directory.CreateDirectory(_dataDir.Path);
        var blockingFile = Path.Combine(_dataDir.Path, "not-a-directory");
        await File.WriteAllTextAsync(blockingFile, "");

        var result = await CliRunner.RunAsync("apps", "create", "Weather", "--data", Path.Combine(blockingFile, "data"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }

    private async Task<string> CreateAsync(string name)
    {
        var result = await CliRunner.RunAsync("apps", "create", name, "--json", "--data", _dataDir.Path);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.GetProperty("appId").GetString()!;
    }

    public void Dispose() => _dataDir.Dispose();
}
