using Microsoft.Extensions.Options;
using Tally.Archive.Archiving;
using Tally.Batch.Hosting;
using Tally.Collector;
using Tally.Host.Configuration;
using Tally.Host.Ops;
using Tally.Query;
using Tally.Speed.Hosting;

namespace Tally.Host.Hosting;

/// <summary>
/// Composes a Tally server process. This is the one place where roles are wired: each stage
/// (collector, speed, archive, batch, query) adds its services next to <c>AddTallyOps</c> and its
/// endpoints next to <c>MapTallyOps</c>; the seams (event log, view store, archive) are registered
/// above them, each with the engine configured (<see cref="SeamRegistration"/>).
/// </summary>
public static class TallyHost
{
    /// <param name="overrides">The command line's settings.</param>
    /// <param name="settings">More settings that win over appsettings.json and the environment (e.g. what <c>tally up --demo</c> configures).</param>
    /// <exception cref="TallyConfigurationException">A setting is missing or invalid.</exception>
    public static WebApplication Build(TallyOverrides overrides, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddInMemoryCollection(overrides.ToConfiguration().Concat(settings ?? []));

        // Read eagerly: the data dir, URLs and log format shape the composition below.
        var options = TallyConfiguration.ReadOptions(builder.Configuration);
        builder.Services.AddSingleton<IValidateOptions<TallyOptions>, TallyOptionsValidator>();
        builder.Services.AddOptions<TallyOptions>()
            .Bind(builder.Configuration.GetSection(TallyOptions.SectionName))
            .ValidateOnStart();

        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.AddTallyConsoleLogging(options.LogFormat);
        builder.Services.AddHostedService<LifecycleLogger>();

        // Seams.
        builder.AddSeams(options);

        // Roles. Ops runs in every process; the validator has already refused unknown role names.
        TallyRoleNames.TryParse(options.Roles, out var roles, out _);
        builder.AddTallyOps();
        if (roles.HasFlag(TallyRoles.Collector))
        {
            builder.AddTallyCollector();
        }
        if (roles.HasFlag(TallyRoles.Speed))
        {
            builder.AddSpeedLayer();
        }
        if (roles.HasFlag(TallyRoles.Archive))
        {
            builder.AddTallyArchiver();
        }
        if (roles.HasFlag(TallyRoles.Batch))
        {
            builder.AddTallyBatch();
        }
        if (roles.HasFlag(TallyRoles.Query))
        {
            builder.AddTallyQuery();
        }

        var app = builder.Build();
        app.MapTallyOps();
        if (roles.HasFlag(TallyRoles.Collector))
        {
            app.UseTallyCollector();
            app.MapTallyCollector();
        }
        if (roles.HasFlag(TallyRoles.Query))
        {
            app.MapTallyQuery();
            app.MapTallyDashboard();
        }
        return app;
    }
}
