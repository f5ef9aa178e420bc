using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tally.Batch.Diagnostics;
using Tally.Core.Views;

namespace Tally.Batch.Hosting;

/// <summary>Wires the batch role into a host. The host registers the seams (<see cref="IViewStore"/>, <see cref="IArchiveDaySource"/>).</summary>
public static class BatchHostingExtensions
{
    /// <summary>Registers the batch runner and worker and binds <see cref="BatchOptions"/> from <c>Tally:Batch</c>, validated at start-up.</summary>
    public static IHostApplicationBuilder AddTallyBatch(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<BatchOptions>()
            .Bind(builder.Configuration.GetSection(BatchOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BatchOptions>, BatchOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<BatchMetrics>();
        services.TryAddSingleton(sp => new BatchRunner(
            sp.GetRequiredService<IViewStore>(),
            sp.GetRequiredService<IArchiveDaySource>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<BatchOptions>>().Value,
            sp.GetRequiredService<BatchMetrics>(),
            sp.GetRequiredService<ILogger<BatchRunner>>()));
        services.AddHostedService<BatchWorker>();
        return builder;
    }
}
