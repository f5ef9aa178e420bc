using System.CommandLine;
using Tally.Host.Configuration;

namespace Tally.Host.Cli;

/// <summary>Options shared by several commands; a new instance per command, as each command owns its symbols.</summary>
internal static class CommonOptions
{
    /// <summary>
    /// <c>--data</c>. No parser default: when it is absent, Tally:DataDirectory from appsettings.json
    /// or the environment applies, and only then the built-in <c>./data</c>.
    /// </summary>
    public static Option<string?> DataDirectory() => new("--data")
    {
        Description = "Data directory (default: ./data, or Tally:DataDirectory / TALLY__DATADIRECTORY).",
        HelpName = "DIR",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print JSON instead of text.",
    };

    public static TallyOverrides Overrides(ParseResult parseResult, Option<string?> dataDirectory) =>
        new(DataDirectory: parseResult.GetValue(dataDirectory));
}
