using Tally.Core.Events;

namespace Tally.Batch;

/// <summary>
/// The archived events of one UTC day, as the archiver stored them (duplicates and all): what the
/// batch layer reads. The embedded and scaled-out deployments implement it over the Parquet archive.
/// </summary>
public interface IArchiveDaySource
{
    /// <summary>Every archived event of <paramref name="day"/>, in any order; none for a day without events.</summary>
    IAsyncEnumerable<TallyEvent> ReadDayAsync(DateOnly day, CancellationToken cancellationToken);
}
