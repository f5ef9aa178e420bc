// Appends records as fast as many concurrent appenders can, and prints each record's id on
// stdout only after AppendAsync completed (the record is committed). The crash test kills this
// process with SIGKILL and then checks that every printed id is in the log exactly once.
//
// Usage: Tally.Log.CrashChild <log directory> <first id> <appenders>
using System.Buffers.Binary;
using System.Globalization;
using Tally.Log.Embedded;

var directory = args[0];
var firstId = long.Parse(args[1], CultureInfo.InvariantCulture);
var appenders = int.Parse(args[2], CultureInfo.InvariantCulture);
// Roughly a small collector batch; the filler makes torn writes span several disk blocks.
const int RecordBytes = 1024;
const int PartitionCount = 4;

await using var log = await EmbeddedEventLog.OpenAsync(new EmbeddedLogOptions
{
    Directory = directory,
    PartitionCount = PartitionCount,
    // Small segments, so kills also land around segment rolls.
    SegmentBytes = 256 * 1024,
});

var stdout = Console.Out;
var nextId = firstId;
await Task.WhenAll(Enumerable.Range(0, appenders).Select(_ => Task.Run(async () =>
{
    var record = new byte[RecordBytes];
    while (true)
    {
        var id = Interlocked.Increment(ref nextId);
        BinaryPrimitives.WriteInt64LittleEndian(record, id);
        record.AsSpan(8).Fill((byte)id);
        await log.AppendAsync((int)(id % PartitionCount), record);
        lock (stdout)
        {
            stdout.WriteLine(id);
            stdout.Flush();
        }
    }
})));
