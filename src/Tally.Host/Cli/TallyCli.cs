using System.CommandLine;

namespace Tally.Host.Cli;

/// <summary>
/// The <c>tally</c> command line. Output goes to the writers given here, so tests run commands
/// in-process and read what a user would see.
/// </summary>
public sealed class TallyCli
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    private TallyCli(TextWriter output, TextWriter error, TextReader input)
    {
        _output = output;
        _error = error;
        Root = new RootCommand("Tally: self-hostable, real-time analytics for mobile apps.")
        {
            UpCommand.Create(output, error),
            ServeCommand.Create(output, error),
            AppsCommand.Create(output, error, input),
            UsersCommand.Create(output, error),
            BatchCommand.Create(output, error),
            SimulateCommand.Create(output, error),
        };
    }

    public RootCommand Root { get; }

    /// <param name="input">Where confirmations are read (<c>tally apps delete</c>); none by default, so a command that asks is refused unless told <c>--yes</c>.</param>
    public static TallyCli Build(TextWriter output, TextWriter error, TextReader? input = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        return new TallyCli(output, error, input ?? TextReader.Null);
    }

    /// <returns>The process exit code: 0 on success, 1 on any error (reported on the error writer).</returns>
    public Task<int> InvokeAsync(string[] args, CancellationToken cancellationToken = default) =>
        Root.Parse(args).InvokeAsync(
            new InvocationConfiguration
            {
                Output = _output,
                Error = _error,

                // The server handles Ctrl+C and SIGTERM itself (graceful shutdown within the host's
                // shutdown timeout); the parser's own handler would cut that short after 2 s.
                ProcessTerminationTimeout = null,
            },
            cancellationToken);
}
