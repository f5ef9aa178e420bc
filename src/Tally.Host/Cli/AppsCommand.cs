using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tally.Core.Apps;
using Tally.Host.Configuration;
using Tally.Host.Hosting;
using Tally.Store.Sqlite;

namespace Tally.Host.Cli;

/// <summary>
/// <c>tally apps create|list|delete</c>: manage apps directly in the configured view store (<c>views.db</c> in the
/// data dir, or PostgreSQL with <c>Tally:Views:Engine=postgres</c>); works while servers run on it.
/// </summary>
internal static partial class AppsCommand
{
    public static Command Create(TextWriter output, TextWriter error, TextReader input) =>
        new("apps", "Create, list and delete apps.")
        {
            CreateApp(output, error),
            ListApps(output, error),
            DeleteApp(output, error, input),
        };

    private static Command CreateApp(TextWriter output, TextWriter error)
    {
        var name = new Argument<string>("NAME") { Description = "A name for the app, e.g. \"Weather iOS\"." };
        name.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>()?.Trim() ?? "";
            if (value.Length == 0)
            {
                result.AddError("The app name must not be empty.");
            }
            else if (value.Length > AppNames.MaxLength)
            {
                result.AddError($"The app name must be at most {AppNames.MaxLength} characters.");
            }
        });
        var json = CommonOptions.Json();
        var data = CommonOptions.DataDirectory();
        var command = new Command("create", "Create an app and print its id, write key and read key (shown only once).")
        {
            name, json, data,
        };

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(error, async () =>
        {
            await using var stores = await CommandStores.StartAsync(Configuration(parseResult, data), SeamRegistration.AddViewSeam, cancellationToken);
            var created = await stores.Services.GetRequiredService<IAppRegistry>().CreateAsync(parseResult.GetRequiredValue(name), cancellationToken);

            if (parseResult.GetValue(json))
            {
                var body = new CreatedAppJson(created.App.Id, created.App.Name, created.WriteKey, created.ReadKey);
                await output.WriteLineAsync(JsonSerializer.Serialize(body, CliJsonContext.Default.CreatedAppJson));
            }
            else
            {
                await output.WriteLineAsync($"Created app \"{created.App.Name}\" ({created.App.Id}).");
                await output.WriteLineAsync($"  Write key: {created.WriteKey}   (for the SDK in your app)");
                await output.WriteLineAsync($"  Read key:  {created.ReadKey}   (for dashboards and the query API; keep it secret)");
                await output.WriteLineAsync("Save the keys now: Tally stores only their hashes and cannot show them again.");
            }

            return CommandErrors.Success;
        }));
        return command;
    }

    private static Command ListApps(TextWriter output, TextWriter error)
    {
        var json = CommonOptions.Json();
        var data = CommonOptions.DataDirectory();
        var command = new Command("list", "List the apps of the data dir (or of the configured view store).") { json, data };

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(error, async () =>
        {
            var configuration = Configuration(parseResult, data);
            var dataDirectory = TallyConfiguration.ReadOptions(configuration).DataDirectoryFullPath;
            var apps = await ListAppsAsync(configuration, dataDirectory, cancellationToken);

            if (parseResult.GetValue(json))
            {
                var body = apps.Select(app => new AppJson(app.Id, app.Name, app.CreatedAt)).ToArray();
                await output.WriteLineAsync(JsonSerializer.Serialize(body, CliJsonContext.Default.AppJsonArray));
            }
            else if (apps.Count == 0)
            {
                await output.WriteLineAsync($"No apps yet. Create one with: tally apps create NAME --data {dataDirectory}");
            }
            else
            {
                var nameWidth = Math.Max("NAME".Length, apps.Max(app => app.Name.Length));
                await output.WriteLineAsync($"{"ID",-16}  {"NAME".PadRight(nameWidth)}  CREATED (UTC)");
                foreach (var app in apps)
                {
                    var created = app.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                    await output.WriteLineAsync($"{app.Id,-16}  {app.Name.PadRight(nameWidth)}  {created}");
                }
            }

            return CommandErrors.Success;
        }));
        return command;
    }

    private static IConfiguration Configuration(ParseResult parseResult, Option<string?> data) =>
        TallyConfiguration.ForCommand(CommonOptions.Overrides(parseResult, data));

    /// <summary>Listing does not create a database: a mistyped <c>--data</c> should not leave a new data dir behind.</summary>
    private static async Task<IReadOnlyList<AppInfo>> ListAppsAsync(IConfiguration configuration, string dataDirectory, CancellationToken cancellationToken)
    {
        if (SeamEngines.Read(configuration).Views == SeamEngines.SqliteViews && !File.Exists(SqliteDatabase.InDataDirectory(dataDirectory).FilePath))
        {
            return [];
        }

        await using var stores = await CommandStores.StartAsync(configuration, SeamRegistration.AddViewSeam, cancellationToken);
        return await stores.Services.GetRequiredService<IAppRegistry>().ListAsync(cancellationToken);
    }
}
