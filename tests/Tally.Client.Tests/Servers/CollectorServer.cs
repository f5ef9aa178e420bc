using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tally.Collector;
using Tally.Core.Apps;
using Tally.Core.DeadLetters;
using Tally.Core.Encoding;
using Tally.Core.Events;
using Tally.Log;
using Tally.Log.Embedded;
using Tally.Store.Sqlite;

namespace Tally.Client.Tests.Servers;

/// <summary>
/// A real collector on Kestrel, loopback, on a free port, over the embedded log and SQLite
/// stores in a data directory of its own (as in the collector's tests). One per test.
/// </summary>
public sealed class CollectorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmbeddedEventLog _log;
    private readonly string _directory;

    private CollectorServer(WebApplication app, EmbeddedEventLog log, string directory, Uri address, string writeKey)
    {
        _app = app;
        _log = log;
        _directory = directory;
        Address = address;
        WriteKey = writeKey;
    }

    public Uri Address { get; }

    /// <summary>The write key of an app created for this test.</summary>
    public string WriteKey { get; }

    public static async Task<CollectorServer> StartAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "tally-client-collector-" + Guid.NewGuid().ToString("N"));
        var database = SqliteDatabase.InDataDirectory(directory);
        await database.MigrateAsync();
        var log = await EmbeddedEventLog.OpenAsync(new EmbeddedLogOptions { Directory = Path.Combine(directory, "log") });

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IEventLog>(log);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<IAppRegistry, SqliteAppRegistry>();
        builder.Services.AddSingleton<IDeadLetterStore, SqliteDeadLetterStore>();
        builder.AddTallyCollector();
        var app = builder.Build();
        app.UseTallyCollector();
        app.MapTallyCollector();
        await app.StartAsync();
        var created = await app.Services.GetRequiredService<IAppRegistry>().CreateAsync("client-test-" + Guid.NewGuid().ToString("N"));
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new CollectorServer(app, log, directory, new Uri(address), created.WriteKey);
    }

    /// <summary>Every event in the log, decoded, read through the log's consumer API up to its current end.</summary>
    public async Task<List<TallyEvent>> ReadLogAsync()
    {
        var ends = new long[_log.PartitionCount];
        for (int p = 0; p < ends.Length; p++)
        {
            ends[p] = (await _log.GetBoundsAsync(p)).End;
        }
        var positions = new long[_log.PartitionCount];
        await using var consumer = _log.Subscribe("test-" + Guid.NewGuid().ToString("N"));
        var events = new List<TallyEvent>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!positions.SequenceEqual(ends))
        {
            Assert.True(DateTime.UtcNow < deadline, "The log did not return every committed record in time.");
            foreach (var record in await consumer.FetchAsync(1000, TimeSpan.FromMilliseconds(200)))
            {
                positions[record.Partition] = record.NextOffset;
                events.AddRange(EventBatchReader.Decode(record.Payload));
            }
        }
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _log.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
