using System.Text;

namespace Tally.Log.Contract;

public static class LogTestExtensions
{
    /// <summary>Generous: only a broken log waits this long; a working one returns at once.</summary>
    public static readonly TimeSpan PatientWait = TimeSpan.FromSeconds(30);

    public static byte[] Payload(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(this LogRecord record) => Encoding.UTF8.GetString(record.Payload.Span);

    /// <summary>Fetches until <paramref name="count"/> records arrived or <see cref="PatientWait"/> passed.</summary>
    public static async Task<List<LogRecord>> FetchAtLeastAsync(this ILogConsumer consumer, int count)
    {
        var records = new List<LogRecord>();
        using var deadline = new CancellationTokenSource(PatientWait);
        while (records.Count < count && !deadline.IsCancellationRequested)
        {
            records.AddRange(await consumer.FetchAsync(count - records.Count, TimeSpan.FromSeconds(1)));
        }

        return records;
    }

    /// <summary>Reads everything committed now, with a fresh group that starts at the oldest record.</summary>
    public static async Task<List<LogRecord>> ReadAllAsync(this IEventLog log)
    {
        await using var consumer = log.Subscribe("read-all-" + Guid.NewGuid().ToString("N"));
        var records = new List<LogRecord>();
        while (true)
        {
            var batch = await consumer.FetchAsync(10_000, TimeSpan.Zero);
            if (batch.Count == 0)
            {
                return records;
            }

            records.AddRange(batch);
        }
    }
}
