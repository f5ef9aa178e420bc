using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tally.Archive.Storage;
using Tally.Core.Apps;
using Tally.Core.Archive;
using Tally.Core.Views;
using Tally.Host.Configuration;
using Tally.Host.Hosting;
using Tally.Log;
using Tally.Log.Embedded;
using Tally.Log.Nats;
using Tally.Store.Postgres;
using Tally.Store.Sqlite;

namespace Tally.Host.Tests.Configuration;

public sealed class SeamEngineTests : IDisposable
{
    private readonly TempDataDirectory _dataDir = new();

    [Theory]
    [InlineData("Tally:Log:Engine", "kafka-typo")]
    [InlineData("Tally:Views:Engine", "mongodb")]
    [InlineData("Tally:Archive:Engine", "ftp")]
    public void An_unknown_engine_stops_the_start_naming_the_setting_and_the_choices(string setting, string engine)
    {
        var error = Assert.Throws<TallyConfigurationException>(() => Build((setting, engine)));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{engine}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("use one of:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_settings_every_seam_is_embedded()
    {
        await using var app = Build();

        Assert.IsType<EmbeddedEventLog>(app.Services.GetRequiredService<IEventLog>());
        Assert.IsType<SqliteViewStore>(app.Services.GetRequiredService<IViewStore>());
        Assert.IsType<SqliteAppRegistry>(app.Services.GetRequiredService<IAppRegistry>());
        Assert.IsType<LocalDirectoryObjectStore>(app.Services.GetRequiredService<IObjectStore>());
    }

    [Fact]
    public async Task Engine_names_choose_the_implementations_whatever_their_case()
    {
        // Resolving the registrations connects to nothing: the servers are only reached when the host starts.
        await using var app = Build(
            ("Tally:Log:Engine", "NATS"),
            ("Tally:Log:Nats:Url", "nats://127.0.0.1:1"),
            ("Tally:Views:Engine", "Postgres"),
            ("Tally:Views:Postgres:ConnectionString", "Host=127.0.0.1;Port=1;Username=nobody"));

        Assert.IsType<NatsEventLog>(app.Services.GetRequiredService<IEventLog>());
        Assert.IsType<PostgresViewStore>(app.Services.GetRequiredService<IViewStore>());
        Assert.IsType<PostgresAppRegistry>(app.Services.GetRequiredService<IAppRegistry>());
    }

    private WebApplication Build(params (string Key, string Value)[] settings) =>
        TallyHost.Build(
            new TallyOverrides(DataDirectory: _dataDir.Path, Urls: "http://127.0.0.1:0"),
            settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));

    public void Dispose() => _dataDir.Dispose();
}
