using Tally.Archive.Diagnostics;

namespace Tally.Archive.Archiving;

internal sealed partial class ArchiveEngine
{
    /// <summary>
    /// Settles a flush of <paramref name="partition"/> a crash interrupted, and returns the offset
    /// to read from. Committed at or past the manifest's range: the flush completed and only the
    /// manifest remains. Otherwise its files may be partial and are deleted (the manifest last, so
    /// a crash here repeats this), and the records are read and written again.
    /// </summary>
    private async Task<long> RecoverAsync(int partition, CancellationToken cancellationToken)
    {
        long? committed = await consumer.GetCommittedAsync(partition, cancellationToken);
        var pending = await PendingFlush.LoadAsync(store, partition, cancellationToken);
        if (pending is not null)
        {
            if (committed >= pending.NextOffset)
            {
                logger.PendingFlushCompleted(partition, pending.FirstOffset, pending.NextOffset);
            }
            else
            {
                foreach (string file in pending.Files)
                {
                    await store.DeleteAsync(file, cancellationToken);
                }
                logger.PendingFlushRolledBack(partition, pending.FirstOffset, pending.NextOffset, pending.Files.Count);
            }
            await store.DeleteAsync(Layout.ArchiveLayout.PendingManifestKey(partition), cancellationToken);
        }
        var bounds = await log.GetBoundsAsync(partition, cancellationToken);
        if (committed is not { } position)
        {
            return bounds.Start;
        }
        if (position < bounds.Start)
        {
            logger.CommittedBeyondRetention(partition, position, bounds.Start);
            return bounds.Start;
        }
        return position;
    }
}
