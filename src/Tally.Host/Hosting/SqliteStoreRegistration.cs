using Microsoft.Extensions.DependencyInjection.Extensions;
using Tally.Core.Apps;
using Tally.Core.DeadLetters;
using Tally.Core.Views;
using Tally.Host.Ops;
using Tally.Store.Sqlite;

namespace Tally.Host.Hosting;

internal static class SqliteStoreRegistration
{
    /// <summary>
    /// The app registry, dead-letter store and view store on <c>views.db</c> in <paramref name="dataDirectory"/>,
    /// migrated at start, with the health checks of the data dir and of <c>views.db</c>.
    /// </summary>
    public static IHostApplicationBuilder AddSqliteStores(this IHostApplicationBuilder builder, string dataDirectory)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(SqliteDatabase.InDataDirectory(dataDirectory));
        builder.Services.AddSingleton<IAppRegistry, SqliteAppRegistry>();
        builder.Services.AddSingleton<IDeadLetterStore, SqliteDeadLetterStore>();
        builder.Services.AddSingleton<IViewStore, SqliteViewStore>();
        builder.Services.AddHostedService<ViewStoreMigrator>();
        builder.Services.AddHealthChecks()
            .AddCheck<DataDirectoryHealthCheck>("data_directory")
            .AddCheck<ViewStoreHealthCheck>("view_store");
        return builder;
    }
}
