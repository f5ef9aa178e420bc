using Tally.Log;

namespace Tally.Benchmarks.Speed;

/// <summary>
/// The order in which a speed worker that is behind receives records: what the embedded log's
/// consumer (<c>EmbeddedLogConsumer.ReadCommitted</c>) hands out when every partition has more
/// waiting than one fetch takes. Each fetch reads its partitions in turn, starting one partition
/// later than the fetch before, up to <c>maxRecords</c> in all; each partition's records stay in
/// log order. A worker at full throughput is behind by definition, so this is the order its
/// throughput is measured in; the workload's append order (every record another partition) is
/// what a worker sees only when it keeps up and fetches a record at a time.
/// </summary>
internal static class FetchOrder
{
    public static int[] Of(IReadOnlyList<LogRecord> records, int partitionCount, int maxRecords)
    {
        var waiting = Enumerable.Range(0, partitionCount).Select(_ => new Queue<int>()).ToArray();
        for (int i = 0; i < records.Count; i++)
        {
            waiting[records[i].Partition].Enqueue(i);
        }
        var order = new List<int>(records.Count);
        for (int first = 0; order.Count < records.Count; first++)
        {
            int fetched = 0;
            for (int p = 0; p < partitionCount && fetched < maxRecords; p++)
            {
                var queue = waiting[(first + p) % partitionCount];
                while (queue.Count > 0 && fetched < maxRecords)
                {
                    order.Add(queue.Dequeue());
                    fetched++;
                }
            }
        }
        return [.. order];
    }
}
