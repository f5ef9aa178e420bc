using Tally.Archive.Parquet;

namespace Tally.Batch;

/// <summary>
/// The archived events of one UTC day, as the archiver stored them (duplicates and all): what the
/// batch layer reads. The embedded and scaled-out deployments implement it over the Parquet archive.
/// </summary>
public interface IArchiveDaySource
{
    /// <summary>
    /// Every archived event of <paramref name="day"/>, in any order, as columns (a Parquet row group each);
    /// none for a day without events. The caller owns the columns it is given.
    /// </summary>
    IAsyncEnumerable<ArchivedColumns> ReadDayAsync(DateOnly day, CancellationToken cancellationToken);
}
