using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tally.Archive.Diagnostics;

namespace Tally.Archive.Archiving;

/// <summary>
/// Wires the archiver role into a host. The host registers the seams: <c>IEventLog</c>,
/// <c>IViewStore</c> and <c>IObjectStore</c> (embedded: a
/// <see cref="Storage.LocalDirectoryObjectStore"/> on <c>data/archive</c>).
/// </summary>
public static class ArchiverHostingExtensions
{
    /// <summary>Registers the archiver worker and binds <see cref="ArchiverOptions"/> from <c>Tally:Archive</c>, validated at start-up.</summary>
    public static IHostApplicationBuilder AddTallyArchiver(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ArchiverOptions>()
            .Bind(builder.Configuration.GetSection(ArchiverOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArchiverOptions>, ArchiverOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<ArchiveMetrics>();
        services.AddHostedService<ArchiverWorker>();
        return builder;
    }
}
