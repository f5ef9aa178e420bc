using System.Runtime.CompilerServices;
using Tally.Archive.Parquet;
using Tally.Core.Events;
using Tally.Core.Views;

namespace Tally.Batch.Tests;

/// <summary>The archive as a list of events per event-time day; archiving marks the days in the view store, as the archiver does.</summary>
internal sealed class InMemoryArchive(IViewStore store) : IArchiveDaySource
{
    private readonly Dictionary<DateOnly, List<TallyEvent>> _days = [];

    public async Task ArchiveAsync(IEnumerable<TallyEvent> events)
    {
        var days = new HashSet<DateOnly>();
        foreach (var e in events)
        {
            var day = DateOnly.FromDateTime(e.EventTime.UtcDateTime);
            if (!_days.TryGetValue(day, out var list))
            {
                _days.Add(day, list = []);
            }
            list.Add(e);
            days.Add(day);
        }
        await store.MarkArchivedAsync(days);
    }

    public async IAsyncEnumerable<ArchivedColumns> ReadDayAsync(DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        if (_days.GetValueOrDefault(day) is { } events)
        {
            yield return ArchivedColumns.FromEvents([.. events.Select(e => new ArchivedEvent(e, LogPartition: 0, LogOffset: 0))]);
        }
    }
}
