using Tally.Host.Cli;

return await TallyCli.Build(Console.Out, Console.Error, Console.In).InvokeAsync(args);
