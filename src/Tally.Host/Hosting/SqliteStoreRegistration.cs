using Microsoft.Extensions.DependencyInjection.Extensions;
using Tally.Core.Apps;
using Tally.Core.DeadLetters;
using Tally.Core.Views;
using Tally.Store.Sqlite;

namespace Tally.Host.Hosting;

internal static class SqliteStoreRegistration
{
    /// <summary>The app registry, dead-letter store and view store on <c>views.db</c> in <paramref name="dataDirectory"/>, migrated at start.</summary>
    public static IHostApplicationBuilder AddSqliteStores(this IHostApplicationBuilder builder, string dataDirectory)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(SqliteDatabase.InDataDirectory(dataDirectory));
        builder.Services.AddSingleton<IAppRegistry, SqliteAppRegistry>();
        builder.Services.AddSingleton<IDeadLetterStore, SqliteDeadLetterStore>();
        builder.Services.AddSingleton<IViewStore, SqliteViewStore>();
        builder.Services.AddHostedService<ViewStoreMigrator>();
        return builder;
    }
}
