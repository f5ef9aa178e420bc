using System.Globalization;
using Xunit.Abstractions;

namespace Tally.Host.Tests.Chaos;

/// <summary>One chaos run's outcome: a row of the table in docs/RELIABILITY.md.</summary>
internal sealed record ChaosFigures(string Fault, long Acknowledged, long Archived, long Lost, long CountedTwice, TimeSpan Recovery)
{
    public const string Header = "| fault | acknowledged | archived | lost | counted twice | recovery (s) |";

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Fault} | {Acknowledged} | {Archived} | {Lost} | {CountedTwice} | {Recovery.TotalSeconds:F1} |");

    /// <summary>Writes the row to the test output and to <c>chaos-results/NAME.md</c> beside the test assembly, where a run's table is collected.</summary>
    public void Report(string name, ITestOutputHelper output)
    {
        output.WriteLine(Header);
        output.WriteLine(Row);
        string directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "chaos-results")).FullName;
        File.WriteAllText(Path.Combine(directory, name + ".md"), Row + Environment.NewLine);
    }
}
