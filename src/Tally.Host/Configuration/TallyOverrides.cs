namespace Tally.Host.Configuration;

/// <summary>Settings given on the command line; they win over appsettings.json and the environment.</summary>
public sealed record TallyOverrides(string? DataDirectory = null, string? Urls = null, LogFormat? LogFormat = null, string? Roles = null)
{
    /// <summary>The overrides as configuration keys, for a source added after all the others.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration()
    {
        const string Prefix = TallyOptions.SectionName + ":";
        if (DataDirectory is not null)
        {
            yield return new(Prefix + nameof(TallyOptions.DataDirectory), DataDirectory);
        }

        if (Urls is not null)
        {
            yield return new(Prefix + nameof(TallyOptions.Urls), Urls);
        }

        if (Roles is not null)
        {
            yield return new(Prefix + nameof(TallyOptions.Roles), Roles);
        }

        if (LogFormat is { } format)
        {
            yield return new(Prefix + nameof(TallyOptions.LogFormat), format.ToString());
        }
    }
}
