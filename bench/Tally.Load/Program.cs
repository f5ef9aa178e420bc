using System.CommandLine;
using Tally.Load.Cli;

var root = new RootCommand("tally-load: load and baseline tool for the Tally collector.")
{
    HttpCommand.Create(),
    DecodeCommand.Create(),
    SinkCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
