namespace Tally.Log.Nats.Tests;

public sealed class RangeAssignmentTests
{
    [Theory]
    [InlineData(1, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 4)]
    [InlineData(6, 4)]
    public void Members_get_disjoint_contiguous_runs_that_cover_every_partition(int members, int partitions)
    {
        var assignments = Enumerable.Range(0, members).Select(m => RangeAssignment.For(m, members, partitions)).ToList();

        Assert.Equal(Enumerable.Range(0, partitions), assignments.SelectMany(a => a));
        Assert.All(assignments, a => Assert.InRange(a.Length, partitions / members, partitions / members + 1));
    }
}
