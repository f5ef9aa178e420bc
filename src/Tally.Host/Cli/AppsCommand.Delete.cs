using System.CommandLine;
using Tally.Core.Apps;
using Tally.Host.Configuration;
using Tally.Host.Hosting;

namespace Tally.Host.Cli;

internal static partial class AppsCommand
{
    private static Command DeleteApp(TextWriter output, TextWriter error, TextReader input)
    {
        var id = new Argument<string>("ID") { Description = "The app's id (see `tally apps list`)." };
        var yes = new Option<bool>("--yes") { Description = "Delete without asking for confirmation." };
        var data = CommonOptions.DataDirectory();
        var command = new Command("delete",
            "Delete an app everywhere Tally keeps it: its keys, dead letters, speed and batch views, first-seen rows and archived events. "
            + "Running it again finishes a deletion that failed half-way.")
        {
            id, yes, data,
        };

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(error, async () =>
        {
            string appId = parseResult.GetRequiredValue(id);
            var configuration = Configuration(parseResult, data);
            BatchCommand.RequireExistingData(configuration);
            await using var stores = await CommandStores.StartAsync(configuration, SeamRegistration.AddBatchSeams, cancellationToken);

            var app = (await stores.Services.GetRequiredService<IAppRegistry>().ListAsync(cancellationToken)).FirstOrDefault(a => a.Id == appId);
            if (!parseResult.GetValue(yes) && !await ConfirmAsync(output, input, app is null
                ? $"There is no app {appId}; remove whatever an earlier deletion of it left (views, archived events)?"
                : $"Delete app \"{app.Name}\" ({appId}) with all its data? Its keys stop working at once; this cannot be undone."))
            {
                await error.WriteLineAsync("Nothing deleted (confirm with y, or pass --yes).");
                return CommandErrors.Failure;
            }

            var deletion = ActivatorUtilities.CreateInstance<AppDeletion>(stores.Services);
            var result = await deletion.DeleteAsync(appId, cancellationToken);
            await output.WriteLineAsync($"Deleted app {appId}:");
            await output.WriteLineAsync($"  registry:      {(result.Registered ? "removed, its keys no longer work" : "already gone")}");
            await output.WriteLineAsync($"  dead letters:  {result.DeadLetters}");
            await output.WriteLineAsync($"  view rows:     {result.ViewRows} (speed cells, batch cells, first-seen rows)");
            await output.WriteLineAsync($"  archive:       {result.ArchivedEvents} event(s) removed, {result.ArchiveFilesRewritten} file(s) rewritten or deleted");
            await output.WriteLineAsync("The event log keeps the app's last events until its retention removes them; nothing serves them.");
            return CommandErrors.Success;
        }));
        return command;
    }

    /// <summary>Asks on <paramref name="output"/>; only "y" or "yes" confirms, so no input (a script without <c>--yes</c>) declines.</summary>
    private static async Task<bool> ConfirmAsync(TextWriter output, TextReader input, string question)
    {
        await output.WriteAsync($"{question} [y/N] ");
        await output.FlushAsync();
        string answer = (await input.ReadLineAsync())?.Trim() ?? "";
        return answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase);
    }
}
