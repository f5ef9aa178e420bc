using Tally.Load.Freshness;

namespace Tally.Load.Tests.Freshness;

public sealed class PollCyclesTests
{
    [Fact]
    public void Measures_the_time_between_successive_polls()
    {
        var polls = new PollCycles();
        polls.Completed(TimeSpan.FromMilliseconds(100));
        polls.Completed(TimeSpan.FromMilliseconds(120));
        polls.Completed(TimeSpan.FromMilliseconds(160));

        Assert.Equal(TimeSpan.FromMilliseconds(30), polls.Mean);
        Assert.Equal(TimeSpan.FromMilliseconds(40), polls.Max);
    }
}
