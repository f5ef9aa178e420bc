using System.CommandLine;
using Tally.Bench.Payloads;

namespace Tally.Load.Cli;

/// <summary>The options both commands share, so that <c>http</c> and <c>decode</c> run over the same payloads.</summary>
internal sealed class PoolOptions
{
    public Option<int> Batches { get; } = new("--batches")
    {
        Description = "Distinct pre-generated batches in the payload pool.",
        DefaultValueFactory = _ => PayloadPoolOptions.Default.Batches,
    };

    public Option<int> BatchSize { get; } = new("--batch-size")
    {
        Description = "Events per batch.",
        DefaultValueFactory = _ => PayloadPoolOptions.Default.EventsPerBatch,
    };

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Generator seed; the same seed gives the same payloads.",
        DefaultValueFactory = _ => PayloadPoolOptions.Default.Seed,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the results as JSON instead of a table.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Batches);
        command.Options.Add(BatchSize);
        command.Options.Add(Seed);
        command.Options.Add(Json);
    }

    public PayloadPoolOptions Read(ParseResult result, DateTimeOffset start) => new()
    {
        Batches = result.GetValue(Batches),
        EventsPerBatch = result.GetValue(BatchSize),
        Seed = result.GetValue(Seed),
        Start = start,
    };
}
