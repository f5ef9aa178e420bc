using Microsoft.Extensions.DependencyInjection;
using Tally.Core.Apps;
using Tally.Core.DeadLetters;
using Tally.Log;

namespace Tally.Collector.Tests.Doubles;

/// <summary>
/// The one place the seams are chosen for the collector tests. Swap the in-memory types for
/// the embedded log and the SQLite stores here; keep <see cref="FaultInjectingEventLog"/> around the log.
/// </summary>
public static class TestDoubles
{
    public static IServiceCollection AddCollectorTestDoubles(this IServiceCollection services)
    {
        services.AddSingleton<InMemoryEventLog>();
        services.AddSingleton(sp => new FaultInjectingEventLog(sp.GetRequiredService<InMemoryEventLog>()));
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<FaultInjectingEventLog>());
        services.AddSingleton<IAppRegistry, InMemoryAppRegistry>();
        services.AddSingleton<IDeadLetterStore, InMemoryDeadLetterStore>();
        return services;
    }
}
