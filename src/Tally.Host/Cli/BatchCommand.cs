using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tally.Batch;
using Tally.Core.Apps;
using Tally.Core.Views;
using Tally.Host.Configuration;
using Tally.Host.Hosting;
using Tally.Store.Sqlite;

namespace Tally.Host.Cli;

/// <summary>
/// <c>tally batch run</c>: recomputes the batch views of a range of days from the archive (backfill,
/// e.g. after a metric definition changed), on the configured engines. Works while servers run.
/// </summary>
internal static class BatchCommand
{
    private const string DateFormat = "yyyy-MM-dd";

    public static Command Create(TextWriter output, TextWriter error) =>
        new("batch", "Run the batch layer by hand.")
        {
            Run(output, error),
        };

    private static Command Run(TextWriter output, TextWriter error)
    {
        var from = DateOption("--from", "First UTC day to recompute (YYYY-MM-DD).");
        var to = DateOption("--to", "Last UTC day to recompute (YYYY-MM-DD), inclusive.");
        var app = new Option<string?>("--app") { Description = "Recompute only this app's views (default: every app).", HelpName = "ID" };
        var data = CommonOptions.DataDirectory();
        var command = new Command("run", "Recompute every metric exactly from the archive for each day in the range, replacing that day's batch views.")
        {
            from, to, app, data,
        };

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(error, async () =>
        {
            var (first, last) = (parseResult.GetRequiredValue(from)!.Value, parseResult.GetRequiredValue(to)!.Value);
            if (last < first)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"error: --to ({last:yyyy-MM-dd}) is before --from ({first:yyyy-MM-dd})."));
                return CommandErrors.Failure;
            }
            var configuration = TallyConfiguration.ForCommand(CommonOptions.Overrides(parseResult, data));
            var dataDirectory = RequireExistingData(configuration);
            await using var stores = await CommandStores.StartAsync(configuration, SeamRegistration.AddBatchSeams, cancellationToken);

            string? appId = parseResult.GetValue(app);
            if (appId is not null && !(await stores.Services.GetRequiredService<IAppRegistry>().ListAsync(cancellationToken)).Any(a => a.Id == appId))
            {
                await error.WriteLineAsync($"error: there is no app {appId}; see `tally apps list --data {dataDirectory}`.");
                return CommandErrors.Failure;
            }

            var runner = CreateRunner(configuration, stores);
            var watch = Stopwatch.StartNew();
            await runner.RunRangeAsync(first, last, appId, cancellationToken);
            int days = last.DayNumber - first.DayNumber + 1;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Recomputed {days} day(s), {first:yyyy-MM-dd} to {last:yyyy-MM-dd}, for {(appId is null ? "every app" : $"app {appId}")} in {watch.Elapsed.TotalSeconds:0.0} s."));
            return CommandErrors.Success;
        }));
        return command;
    }

    /// <summary>
    /// The data dir, refusing one without a view store: a mistyped <c>--data</c> should fail, not
    /// create an empty data dir and report success over it. Returns the data dir's full path.
    /// </summary>
    /// <exception cref="TallyConfigurationException">The SQLite view store of the data dir does not exist.</exception>
    internal static string RequireExistingData(IConfiguration configuration)
    {
        var dataDirectory = TallyConfiguration.ReadOptions(configuration).DataDirectoryFullPath;
        var sqlite = SqliteDatabase.InDataDirectory(dataDirectory);
        if (SeamEngines.Read(configuration).Views == SeamEngines.SqliteViews && !File.Exists(sqlite.FilePath))
        {
            throw new TallyConfigurationException($"{dataDirectory} holds no Tally data (no {Path.GetFileName(sqlite.FilePath)}); check --data.");
        }
        return dataDirectory;
    }

    /// <summary>A runner over the stores of <see cref="SeamRegistration.AddBatchSeams"/>, with the configured <c>Tally:Batch</c> options.</summary>
    internal static BatchRunner CreateRunner(IConfiguration configuration, CommandStores stores)
    {
        var options = configuration.GetSection(BatchOptions.SectionName).Get<BatchOptions>() ?? new BatchOptions();
        return new BatchRunner(
            stores.Services.GetRequiredService<IViewStore>(), stores.Services.GetRequiredService<IArchiveDaySource>(), TimeProvider.System, options);
    }

    private static Option<DateOnly?> DateOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM-DD",
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }
            result.AddError($"{name} must be a date like 2026-11-25, not '{text}'.");
            return null;
        },
    };
}
