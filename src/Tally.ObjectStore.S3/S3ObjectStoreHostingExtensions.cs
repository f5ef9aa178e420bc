using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tally.Core.Archive;

namespace Tally.ObjectStore.S3;

public static class S3ObjectStoreHostingExtensions
{
    /// <summary>
    /// Registers <see cref="IObjectStore"/> as an <see cref="S3ObjectStore"/> configured from
    /// <c>Tally:Archive:S3</c> (e.g. <c>Tally__Archive__S3__Bucket</c>), validated at start-up.
    /// Replaces any object store registered before.
    /// </summary>
    public static IHostApplicationBuilder AddS3ObjectStore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<S3ObjectStoreOptions>()
            .Bind(builder.Configuration.GetSection(S3ObjectStoreOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ObjectStoreOptions>, S3ObjectStoreOptionsValidator>());
        services.Replace(ServiceDescriptor.Singleton<IObjectStore>(provider => new S3ObjectStore(
            provider.GetRequiredService<IOptions<S3ObjectStoreOptions>>().Value,
            provider.GetRequiredService<ILogger<S3ObjectStore>>())));
        return builder;
    }
}
