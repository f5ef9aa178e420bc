using System.CommandLine;
using Tally.Load.Cli;

var root = new RootCommand("tally-load: load, baseline and freshness tool for Tally.")
{
    HttpCommand.Create(),
    FreshnessCommand.Create(),
    DecodeCommand.Create(),
    SinkCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
