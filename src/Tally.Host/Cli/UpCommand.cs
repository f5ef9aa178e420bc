using System.CommandLine;
using Microsoft.Extensions.Options;
using Tally.Core.Apps;
using Tally.Host.Configuration;
using Tally.Host.Demo;
using Tally.Host.Hosting;

namespace Tally.Host.Cli;

/// <summary>
/// <c>tally up</c>: every role in one process. With no engine settings that is the embedded deployment,
/// every store in the data dir; <c>tally serve</c> is the command for splitting roles across machines.
/// </summary>
internal static class UpCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var data = CommonOptions.DataDirectory();
        var urls = new Option<string?>("--urls")
        {
            Description = "URLs to listen on, separated by ';' (default: http://127.0.0.1:5080, or Tally:Urls / TALLY__URLS).",
            HelpName = "URL",
        };
        var logFormat = new Option<LogFormat?>("--log-format")
        {
            Description = "Console log format: simple (default) or json.",
        };
        var roles = new Option<string?>("--roles")
        {
            Description = $"Roles to run, comma-separated: {TallyRoleNames.Listing}, or all (the default).",
            HelpName = "ROLES",
        };
        var demo = new Option<bool>("--demo")
        {
            Description = "Also create three demo apps and simulate their devices: 30 days of history, then live traffic (data in ./data-demo unless --data is given; recreated each time).",
        };
        var command = new Command("up", "Run Tally with every role in one process, until Ctrl+C.") { data, urls, logFormat, roles, demo };

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(error, async () =>
        {
            var overrides = new TallyOverrides(
                parseResult.GetValue(data), parseResult.GetValue(urls), parseResult.GetValue(logFormat), parseResult.GetValue(roles));
            if (parseResult.GetValue(demo))
            {
                await DemoRunner.RunAsync(overrides, output, cancellationToken);
                return CommandErrors.Success;
            }
            await using var app = TallyHost.Build(overrides);
            await app.StartAsync(cancellationToken);
            await WriteBannerAsync(app, output, cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return CommandErrors.Success;
        }));
        return command;
    }

    /// <summary>One line saying where Tally listens and keeps its data, and what to do first when there is no app.</summary>
    private static async Task WriteBannerAsync(WebApplication app, TextWriter output, CancellationToken cancellationToken)
    {
        var dataDirectory = app.Services.GetRequiredService<IOptions<TallyOptions>>().Value.DataDirectoryFullPath;
        await output.WriteLineAsync($"Tally is up at {string.Join(' ', app.Urls)} (data: {dataDirectory}). Press Ctrl+C to stop.");

        var apps = await app.Services.GetRequiredService<IAppRegistry>().ListAsync(cancellationToken);
        if (apps.Count == 0)
        {
            await output.WriteLineAsync($"No apps yet. Create one in another terminal: tally apps create NAME --data {dataDirectory}");
        }
    }
}
