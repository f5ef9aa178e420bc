using System.CommandLine;
using System.Text.Json;
using Tally.Bench.Payloads;
using Tally.Load.Decode;
using Tally.Load.Reports;

namespace Tally.Load.Cli;

/// <summary><c>tally-load decode</c>: the in-process bare-decode baseline over the same payloads.</summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var pool = new PoolOptions();
        var perVariant = HttpCommand.DurationOption("--seconds", "How long to measure each variant (e.g. 10s).", TimeSpan.FromSeconds(10));
        var command = new Command("decode", "Gunzip and parse the payload pool in-process on one thread: the baseline a collector's cost is compared with.")
        {
            perVariant,
        };
        pool.AddTo(command);

        command.SetAction((result, cancellationToken) =>
        {
            var poolOptions = pool.Read(result, PayloadPoolOptions.Default.Start);
            var payloads = PayloadPool.Create(poolOptions);
            var report = DecodeRunner.Run(payloads, PoolSummary.Of(payloads, poolOptions), result.GetValue(perVariant), Console.Error, cancellationToken);
            if (result.GetValue(pool.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, ReportJson.Default.DecodeReport));
            }
            else
            {
                ReportTable.Write(report, Console.Out);
            }

            return Task.FromResult(0);
        });
        return command;
    }
}
