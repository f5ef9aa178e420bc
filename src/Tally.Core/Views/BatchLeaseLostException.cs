namespace Tally.Core.Views;

/// <summary>
/// A batch commit carried a lease that no longer holds its day (taken over after it expired, or
/// released): the commit changed nothing, and the day's newer holder commits it instead.
/// </summary>
public sealed class BatchLeaseLostException : Exception
{
    public BatchLeaseLostException(BatchLease lease)
        : base(MessageOf(lease))
    {
        Lease = lease;
    }

    public BatchLease Lease { get; }

    private static string MessageOf(BatchLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return $"Worker {lease.WorkerId} no longer holds day {lease.Day} (lease {lease.Token}); its batch was not committed.";
    }
}
