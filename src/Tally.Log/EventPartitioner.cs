using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Tally.Log;

/// <summary>
/// Picks the partition of an event: hash(app, user), so one user's events stay in order in
/// one partition. Stable across processes and versions (XxHash32 of UTF-16 code units with a
/// separator), because scale-out collectors must agree with each other.
/// </summary>
public static class EventPartitioner
{
    public static int PartitionFor(string appId, string user, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        var hash = new XxHash32();
        hash.Append(MemoryMarshal.AsBytes(appId.AsSpan()));
        hash.Append([0, 0]);
        hash.Append(MemoryMarshal.AsBytes(user.AsSpan()));
        return (int)(hash.GetCurrentHashAsUInt32() % (uint)partitionCount);
    }
}
