using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tally.Archive.Storage;
using Tally.Core.Apps;
using Tally.Core.Archive;
using Tally.Core.Views;
using Tally.Host.Configuration;
using Tally.Host.Hosting;
using Tally.Log;
using Tally.Log.Embedded;
using Tally.Log.Kafka;
using Tally.Log.Nats;
using Tally.ObjectStore.S3;
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

    [Fact]
    public async Task Kafka_and_s3_choose_their_implementations_with_settings_beside_the_engine_setting()
    {
        // Neither connects here: librdkafka reaches brokers in the background, the S3 client on its first request.
        await using var app = Build(
            ("Tally:Log:Engine", "kafka"),
            ("Tally:Log:Kafka:BootstrapServers", "127.0.0.1:1"),
            ("Tally:Archive:Engine", "S3"),
            ("Tally:Archive:S3:ServiceUrl", "http://127.0.0.1:1"),
            ("Tally:Archive:S3:Bucket", "archive"));

        Assert.IsType<KafkaEventLog>(app.Services.GetRequiredService<IEventLog>());
        Assert.IsType<S3ObjectStore>(app.Services.GetRequiredService<IObjectStore>());
        Assert.Equal("archive", app.Services.GetRequiredService<IOptions<S3ObjectStoreOptions>>().Value.Bucket);
    }

    [Theory]
    [InlineData("Tally:Log:Engine", "kafka", "Tally:Log:Kafka:BootstrapServers")]
    [InlineData("Tally:Archive:Engine", "s3", "Tally:Archive:S3:Bucket")]
    public async Task A_distributed_engine_without_its_required_setting_stops_the_start_naming_it(string engineSetting, string engine, string missing)
    {
        await using var app = Build((engineSetting, engine));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    private WebApplication Build(params (string Key, string Value)[] settings) =>
        TallyHost.Build(
            new TallyOverrides(DataDirectory: _dataDir.Path, Urls: "http://127.0.0.1:0"),
            settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));

    public void Dispose() => _dataDir.Dispose();
}
