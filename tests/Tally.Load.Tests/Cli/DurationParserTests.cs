using Tally.Load.Cli;

namespace Tally.Load.Tests.Cli;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("1.5s", 1.5)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3_600)]
    [InlineData("00:00:45", 45)]
    public void Parses_suffixed_and_clock_durations(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("0s")]
    public void Rejects_empty_negative_and_unknown_durations(string text) =>
        Assert.False(DurationParser.TryParse(text, out _));
}
