using Tally.Log.Contract;
using static Tally.Log.Contract.LogTestExtensions;

namespace Tally.Log.Embedded.Tests;

/// <summary>
/// A partition whose disk is full: its active segment is a symlink to /dev/full, where every
/// write fails with ENOSPC (root ignores read-only files, so that is no honest simulation).
/// </summary>
public sealed class WriteFailureTests
{
    [LinuxFact]
    public async Task A_failed_write_fails_its_appends_as_unavailable_and_other_partitions_keep_committing()
    {
        await using var store = new EmbeddedLogUnderTest(partitionCount: 2);
        await (await store.OpenEmbeddedAsync()).DisposeAsync();
        var fullDisk = store.SegmentFiles(1).Single();
        File.Delete(fullDisk);
        File.CreateSymbolicLink(fullDisk, "/dev/full");

        await using var log = await store.OpenEmbeddedAsync();
        var failure = await Assert.ThrowsAsync<LogUnavailableException>(async () => await log.AppendAsync(1, Payload("lost")));
        await log.AppendAsync(0, Payload("kept"));
        // The failed partition keeps serving: it fails again rather than hanging or giving up the log.
        await Assert.ThrowsAsync<LogUnavailableException>(async () => await log.AppendAsync(1, Payload("lost again")));

        Assert.True(failure.IsTransient);
        Assert.Equal(new PartitionBounds(0, 0), await log.GetBoundsAsync(1));
        Assert.Equal("kept", Assert.Single(await log.ReadAllAsync()).Text());
    }
}

/// <summary>A fact that needs Linux devices (/dev/full); skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux (/dev/full)";
        }
    }
}
