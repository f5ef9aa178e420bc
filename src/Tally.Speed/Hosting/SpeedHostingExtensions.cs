using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tally.Speed.Diagnostics;

namespace Tally.Speed.Hosting;

/// <summary>Wires the speed role into a host. The host registers the seams (<c>IEventLog</c>, <c>IViewStore</c>).</summary>
public static class SpeedHostingExtensions
{
    /// <summary>Registers the speed worker and binds <see cref="SpeedOptions"/> from <c>Tally:Speed</c>, validated at start-up.</summary>
    public static IHostApplicationBuilder AddSpeedLayer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SpeedOptions>()
            .Bind(builder.Configuration.GetSection(SpeedOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SpeedOptions>, SpeedOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SpeedMetrics>();
        services.AddHostedService<SpeedWorker>();
        return builder;
    }
}
