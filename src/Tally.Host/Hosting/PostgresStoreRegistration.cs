using Tally.Host.Ops;
using Tally.Store.Postgres;

namespace Tally.Host.Hosting;

internal static class PostgresStoreRegistration
{
    /// <summary>
    /// The view store, app registry and dead-letter store on PostgreSQL (section <c>Tally:Views:Postgres</c>),
    /// migrated at start, with the health check of the schema.
    /// </summary>
    public static IHostApplicationBuilder AddPostgresViewStores(this IHostApplicationBuilder builder)
    {
        builder.AddPostgresStores();
        builder.Services.AddHealthChecks().AddCheck<PostgresStoreHealthCheck>("view_store");
        return builder;
    }
}
