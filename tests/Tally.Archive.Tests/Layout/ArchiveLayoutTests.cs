using Tally.Archive.Layout;
using Tally.Archive.Storage;

namespace Tally.Archive.Tests.Layout;

public sealed class ArchiveLayoutTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public void A_key_names_day_hour_partition_and_offset_range_and_parses_back()
    {
        var file = new ArchiveFileKey(new DateOnly(2026, 3, 9), 7, 12, 4096, 8192);

        Assert.Equal("events/day=2026-03-09/hour=07/p012-00000000000000004096-00000000000000008192.parquet", file.Key);
        Assert.True(ArchiveFileKey.TryParse(file.Key, out var parsed));
        Assert.Equal(file, parsed);
    }

    [Theory]
    [InlineData("events/day=2026-03-09/hour=07/p012-00000000000000004096-00000000000000008192.json")]
    [InlineData("events/day=2026-03-09/hour=24/p012-00000000000000004096-00000000000000008192.parquet")]
    [InlineData("events/day=2026-02-30/hour=07/p012-00000000000000004096-00000000000000008192.parquet")]
    [InlineData("events/day=2026-03-09/hour=07/p012-00000000000000008192-00000000000000004096.parquet")]
    [InlineData("events/day=2026-03-09/hour=07/p12-00000000000000004096-00000000000000008192.parquet")]
    [InlineData("events/day=2026-03-09/hour=07/p012-99999999999999999999-99999999999999999999.parquet")]
    [InlineData("archive-pending/p012.json")]
    public void Other_keys_do_not_parse(string key) => Assert.False(ArchiveFileKey.TryParse(key, out _));

    [Fact]
    public void Keys_sort_by_hour_then_partition_then_offset()
    {
        var day = new DateOnly(2026, 1, 1);
        ArchiveFileKey[] ordered =
        [
            new(day, 0, 1, 900, 1000), new(day, 0, 1, 1000, 20000), new(day, 0, 2, 0, 5), new(day, 13, 0, 0, 5),
        ];

        Assert.Equal(ordered.Select(f => f.Key), ordered.Select(f => f.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Hours_are_utc_hours_of_the_event_time()
    {
        var eventTime = new DateTimeOffset(2026, 1, 1, 1, 30, 0, TimeSpan.FromHours(3));

        Assert.Equal((new DateOnly(2025, 12, 31), 22), ArchiveLayout.HourOf(eventTime));
    }

    [Fact]
    public async Task Listing_a_day_yields_its_archive_files_only()
    {
        var store = new LocalDirectoryObjectStore(_directory.Path);
        var day = new DateOnly(2026, 1, 2);
        var inDay = new[] { new ArchiveFileKey(day, 5, 0, 0, 10), new ArchiveFileKey(day, 23, 1, 10, 20) };
        foreach (string key in inDay.Select(f => f.Key).Append(new ArchiveFileKey(day.AddDays(1), 0, 0, 0, 10).Key).Append($"{ArchiveLayout.DayPrefix(day)}notes.txt"))
        {
            await store.PutAsync(key, new MemoryStream([1]));
        }

        var listed = await ArchiveLayout.ListDayAsync(store, day).ToListAsync();

        Assert.Equal(inDay, listed);
    }

    public void Dispose() => _directory.Dispose();
}
