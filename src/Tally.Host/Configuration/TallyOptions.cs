namespace Tally.Host.Configuration;

/// <summary>
/// Settings of a Tally process, bound from section <c>Tally</c> (appsettings.json, or environment
/// variables such as <c>TALLY__DATADIRECTORY</c>); command-line flags override both.
/// </summary>
public sealed class TallyOptions
{
    public const string SectionName = "Tally";

    /// <summary>Where the embedded stores keep their files (<c>views.db</c>, <c>log/</c>). Flag <c>--data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The HTTP endpoints to listen on, separated by ';'. Flag <c>--urls</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// The roles this process runs, comma-separated (<c>collector</c>, <c>speed</c>). Flag
    /// <c>--roles</c>. All by default in <c>tally up</c>; <c>tally serve</c> requires the flag.
    /// </summary>
    public string Roles { get; set; } = "all";

    /// <summary>Console log format. Flag <c>--log-format</c>.</summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Simple;

    /// <summary>The data dir as an absolute path, resolved against the current directory.</summary>
    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);
}

public enum LogFormat
{
    /// <summary>One human-readable line per event.</summary>
    Simple,

    /// <summary>One JSON object per line, for log collectors.</summary>
    Json,
}
