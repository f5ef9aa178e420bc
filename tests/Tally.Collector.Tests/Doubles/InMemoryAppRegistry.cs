using System.Collections.Concurrent;
using Tally.Core.Apps;

namespace Tally.Collector.Tests.Doubles;

/// <summary>Stand-in for the SQLite app registry until it is merged.</summary>
public sealed class InMemoryAppRegistry : IAppRegistry
{
    private readonly ConcurrentDictionary<string, AppInfo> _byWriteKey = new();
    private readonly ConcurrentDictionary<string, AppInfo> _byReadKey = new();

    public ValueTask<CreatedApp> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        var app = new AppInfo("app_" + Guid.NewGuid().ToString("N")[..12], name, DateTimeOffset.UtcNow);
        var created = new CreatedApp(app, "wk_" + Guid.NewGuid().ToString("N"), "rk_" + Guid.NewGuid().ToString("N"));
        _byWriteKey[created.WriteKey] = app;
        _byReadKey[created.ReadKey] = app;
        return ValueTask.FromResult(created);
    }

    public ValueTask<IReadOnlyList<AppInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<AppInfo>>(_byWriteKey.Values.OrderBy(a => a.Id).ToArray());

    public ValueTask<AppInfo?> FindByWriteKeyAsync(string writeKey, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_byWriteKey.GetValueOrDefault(writeKey));

    public ValueTask<AppInfo?> FindByReadKeyAsync(string readKey, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_byReadKey.GetValueOrDefault(readKey));
}
