using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tally.Core.Apps;
using Tally.Core.DeadLetters;
using Tally.Core.Views;

namespace Tally.Store.Postgres;

/// <summary>Wires the PostgreSQL stores into a host (the scale-out alternative to the SQLite ones).</summary>
public static class PostgresStoreHostingExtensions
{
    /// <summary>
    /// Binds <see cref="PostgresStoreOptions"/> from <c>Tally:Views:Postgres</c> (validated at
    /// start-up), registers <see cref="PostgresDatabase"/> and the <see cref="IViewStore"/>,
    /// <see cref="IDeadLetterStore"/> and <see cref="IAppRegistry"/> on it,
    /// and migrates the schema when the host starts. Call it before the roles that use the store, so
    /// the migration runs before their workers.
    /// </summary>
    public static IHostApplicationBuilder AddPostgresStores(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PostgresStoreOptions>()
            .Bind(builder.Configuration.GetSection(PostgresStoreOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStoreOptions>, PostgresStoreOptionsValidator>());
        services.TryAddSingleton(sp => new PostgresDatabase(sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value));
        services.TryAddSingleton<IViewStore, PostgresViewStore>();
        services.TryAddSingleton<IDeadLetterStore, PostgresDeadLetterStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAppRegistry, PostgresAppRegistry>();
        services.AddHostedService<PostgresStoreMigrator>();
        return builder;
    }
}
