using System.CommandLine;
using System.Globalization;
using Tally.Core.Apps;
using Tally.Core.Views;
using Tally.Host.Configuration;
using Tally.Host.Hosting;

namespace Tally.Host.Cli;

/// <summary>
/// <c>tally users forget</c>: a privacy request. Removes one user's archived events and first-seen
/// row, then recomputes the batch views of the days that held them, so no exact view counts the user.
/// </summary>
internal static class UsersCommand
{
    public static Command Create(TextWriter output, TextWriter error) =>
        new("users", "Act on one user's data (privacy requests).")
        {
            Forget(output, error),
        };

    private static Command Forget(TextWriter output, TextWriter error)
    {
        var app = new Option<string>("--app") { Description = "The app's id.", HelpName = "ID", Required = true };
        var user = new Option<string>("--user") { Description = "The user's anonymousId or userId.", HelpName = "USER", Required = true };
        var data = CommonOptions.DataDirectory();
        var command = new Command("forget",
            "Remove a user's archived events and first-seen row, and recompute the batch views of the days they touched.")
        {
            app, user, data,
        };

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(error, async () =>
        {
            var (appId, userId) = (parseResult.GetRequiredValue(app), parseResult.GetRequiredValue(user));
            var configuration = TallyConfiguration.ForCommand(CommonOptions.Overrides(parseResult, data));
            var dataDirectory = BatchCommand.RequireExistingData(configuration);
            await using var stores = await CommandStores.StartAsync(configuration, SeamRegistration.AddBatchSeams, cancellationToken);
            if (!(await stores.Services.GetRequiredService<IAppRegistry>().ListAsync(cancellationToken)).Any(a => a.Id == appId))
            {
                await error.WriteLineAsync($"error: there is no app {appId}; see `tally apps list --data {dataDirectory}`.");
                return CommandErrors.Failure;
            }

            // The archive first: the batch recomputation below reads it, and a failure before the
            // recomputation leaves a state that running the command again finishes.
            var erasure = await stores.Services.GetRequiredService<IArchiveEraser>().EraseUserAsync(appId, userId, cancellationToken);
            bool firstSeen = await stores.Services.GetRequiredService<IViewStore>().ForgetUserAsync(appId, userId, cancellationToken);
            var runner = BatchCommand.CreateRunner(configuration, stores);
            foreach (var day in erasure.Days)
            {
                await runner.RunRangeAsync(day, day, appId, cancellationToken);
            }

            await output.WriteLineAsync($"Forgot user {userId} of app {appId}:");
            await output.WriteLineAsync($"  archive:     {erasure.EventsRemoved} event(s) removed, {erasure.FilesRewritten} file(s) rewritten or deleted");
            await output.WriteLineAsync($"  first-seen:  {(firstSeen ? "removed" : "none")}");
            await output.WriteLineAsync(erasure.Days.Count == 0
                ? "  batch views: no day to recompute"
                : $"  batch views: recomputed {string.Join(", ", erasure.Days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}");
            await output.WriteLineAsync("The event log keeps the user's recent events until its retention removes them, and live (speed) views "
                + "may count the user until the batch watermark passes those days.");
            return CommandErrors.Success;
        }));
        return command;
    }
}
