using Microsoft.Extensions.Options;

namespace Tally.Host.Configuration;

/// <summary>Reads <see cref="TallyOptions"/> the same way for the server and for one-shot commands.</summary>
public static class TallyConfiguration
{
    /// <summary>
    /// The configuration of a one-shot command (<c>tally apps …</c>): appsettings.json in the current
    /// directory, environment variables, then the command line, as the server reads them.
    /// </summary>
    public static IConfiguration ForCommand(TallyOverrides overrides) =>
        new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides.ToConfiguration())
            .Build();

    /// <summary>Binds and validates section <c>Tally</c>.</summary>
    /// <exception cref="TallyConfigurationException">A setting is missing or invalid.</exception>
    public static TallyOptions ReadOptions(IConfiguration configuration)
    {
        TallyOptions options;
        try
        {
            options = configuration.GetSection(TallyOptions.SectionName).Get<TallyOptions>() ?? new TallyOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value it could not convert.
            throw new TallyConfigurationException(ex.Message, ex);
        }

        var result = new TallyOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new TallyConfigurationException(result.FailureMessage);
        }

        return options;
    }
}
