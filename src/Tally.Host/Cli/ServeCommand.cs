using System.CommandLine;
using Tally.Host.Configuration;
using Tally.Host.Hosting;

namespace Tally.Host.Cli;

/// <summary>
/// <c>tally serve --roles LIST</c>: the given roles on the configured engines (<see cref="SeamEngines"/>),
/// for a scale-out deployment where each machine runs some roles. Unlike <c>tally up</c> it assumes
/// nothing about the other machines: the roles must be named.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var roles = new Option<string>("--roles")
        {
            Description = $"Roles to run, comma-separated: {TallyRoleNames.Listing} (or all).",
            HelpName = "ROLES",
            Required = true,
        };
        var urls = new Option<string?>("--urls")
        {
            Description = "URLs to listen on, separated by ';' (default: http://127.0.0.1:5080, or Tally:Urls / TALLY__URLS).",
            HelpName = "URL",
        };
        var data = CommonOptions.DataDirectory();
        var logFormat = new Option<LogFormat?>("--log-format")
        {
            Description = "Console log format: simple (default) or json.",
        };
        var command = new Command(
            "serve",
            "Run the given roles with the engines configured in appsettings.json / TALLY__* variables (Tally:Log:Engine, Tally:Views:Engine, Tally:Archive:Engine), until Ctrl+C.")
        {
            roles, urls, data, logFormat,
        };

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(error, async () =>
        {
            var overrides = new TallyOverrides(
                parseResult.GetValue(data), parseResult.GetValue(urls), parseResult.GetValue(logFormat), parseResult.GetRequiredValue(roles));
            await using var app = TallyHost.Build(overrides);
            await app.StartAsync(cancellationToken);
            var engines = SeamEngines.Read(app.Configuration);
            await output.WriteLineAsync(
                $"Tally is up at {string.Join(' ', app.Urls)} (roles: {overrides.Roles}; log: {engines.Log}, views: {engines.Views}, archive: {engines.Archive}). Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return CommandErrors.Success;
        }));
        return command;
    }
}
