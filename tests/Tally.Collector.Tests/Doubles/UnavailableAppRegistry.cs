using Tally.Core.Apps;

namespace Tally.Collector.Tests.Doubles;

/// <summary>
/// An app registry whose database is unreachable for key lookups (restarting), as the collector sees it when a key
/// is not in its cache: every lookup throws an <see cref="IOException"/>. Creating apps works, so a test can set one up.
/// </summary>
public sealed class UnavailableAppRegistry(IAppRegistry working) : IAppRegistry
{
    public ValueTask<CreatedApp> CreateAsync(string name, CancellationToken cancellationToken = default) => working.CreateAsync(name, cancellationToken);

    public ValueTask<IReadOnlyList<AppInfo>> ListAsync(CancellationToken cancellationToken = default) => working.ListAsync(cancellationToken);

    public ValueTask<AppInfo?> FindByWriteKeyAsync(string writeKey, CancellationToken cancellationToken = default) =>
        ValueTask.FromException<AppInfo?>(new IOException("The registry's database is restarting."));

    public ValueTask<AppInfo?> FindByReadKeyAsync(string readKey, CancellationToken cancellationToken = default) =>
        ValueTask.FromException<AppInfo?>(new IOException("The registry's database is restarting."));

    public ValueTask<bool> DeleteAsync(string appId, CancellationToken cancellationToken = default) => working.DeleteAsync(appId, cancellationToken);
}
