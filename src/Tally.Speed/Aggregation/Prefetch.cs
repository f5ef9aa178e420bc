using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Tally.Speed.Aggregation;

/// <summary>
/// Asks the processor to start loading a memory location that will be read soon. Folding a record
/// reads view cells scattered over megabytes: asked for a few folds ahead, their cache misses overlap
/// instead of each stalling its fold in turn. Only a hint, so a location that moves before it is read
/// (the table grew, the collector compacted) costs nothing but speed. On processors without the
/// instruction (x86's SSE) it does nothing.
/// </summary>
internal static class Prefetch
{
    public static unsafe void Of<T>(ref T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref location));
        }
    }
}
