using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tally.Core.Apps;
using Tally.Host.Configuration;
using Tally.Store.Sqlite;

namespace Tally.Host.Cli;

/// <summary><c>tally apps create|list</c>: manage apps directly in the data dir (works while a server runs on it).</summary>
internal static class AppsCommand
{
    public static Command Create(TextWriter output, TextWriter error) =>
        new("apps", "Create and list apps.")
        {
            CreateApp(output, error),
            ListApps(output, error),
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
            else if (value.Length > SqliteAppRegistry.MaxNameLength)
            {
                result.AddError($"The app name must be at most {SqliteAppRegistry.MaxNameLength} characters.");
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
            var database = SqliteDatabase.InDataDirectory(ResolveDataDirectory(parseResult, data));
            await database.MigrateAsync(cancellationToken);
            var created = await new SqliteAppRegistry(database).CreateAsync(parseResult.GetRequiredValue(name), cancellationToken);

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
        var command = new Command("list", "List the apps of the data dir.") { json, data };

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(error, async () =>
        {
            var dataDirectory = ResolveDataDirectory(parseResult, data);
            var apps = await ListAppsAsync(SqliteDatabase.InDataDirectory(dataDirectory), cancellationToken);

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

    private static string ResolveDataDirectory(ParseResult parseResult, Option<string?> data) =>
        TallyConfiguration.ReadOptions(TallyConfiguration.ForCommand(CommonOptions.Overrides(parseResult, data))).DataDirectoryFullPath;

    /// <summary>Listing does not create a database: a mistyped <c>--data</c> should not leave a new data dir behind.</summary>
    private static async Task<IReadOnlyList<AppInfo>> ListAppsAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        if (!File.Exists(database.FilePath))
        {
            return [];
        }

        await database.MigrateAsync(cancellationToken);
        return await new SqliteAppRegistry(database).ListAsync(cancellationToken);
    }
}
