using Tally.Load.Cpu;

namespace Tally.Load.Tests.Cpu;

public sealed class ProcessCpuTimeTests
{
    [Fact]
    public void Adds_user_and_system_ticks_counted_after_the_command_name()
    {
        // A command name with spaces and parentheses must not shift the fields; utime=250, stime=50 ticks.
        const string stat = "4242 (tally (host) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 12 0 100 1000000 500 18446744073709551615";

        Assert.Equal(TimeSpan.FromSeconds(3), ProcessCpuTime.Parse(stat));
    }

    [Fact]
    public void Rejects_text_that_is_not_a_stat_line() =>
        Assert.Throws<FormatException>(() => ProcessCpuTime.Parse("not a stat line"));

    [Fact]
    public void Reads_a_live_process() =>
        Assert.True(ProcessCpuTime.Read(Environment.ProcessId) > TimeSpan.Zero, "The test host has run code, so it has used CPU.");
}
