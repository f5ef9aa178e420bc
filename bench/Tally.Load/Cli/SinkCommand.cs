using System.CommandLine;
using Tally.Load.Sink;

namespace Tally.Load.Cli;

/// <summary><c>tally-load sink</c>: serves the HTTP + bare-decode reference endpoint until Ctrl+C.</summary>
internal static class SinkCommand
{
    public static Command Create()
    {
        var url = HttpCommand.UrlOption("The address to listen on.");
        var command = new Command("sink", "Serve POST /v1/batch that only gunzips and tokenizes (no auth, no durability): the HTTP floor to compare a collector with.")
        {
            url,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var listen = result.GetRequiredValue(url);
            await Console.Error.WriteLineAsync($"Sink listening on {listen} (pid {Environment.ProcessId}); Ctrl+C to stop.");
            await SinkServer.RunAsync(listen, cancellationToken);
            return 0;
        });
        return command;
    }
}
