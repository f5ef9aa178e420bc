using Tally.Archive.Layout;
using Tally.Archive.Parquet;
using Tally.Core.Apps;
using Tally.Core.Archive;
using Tally.Core.Events;

namespace Tally.Archive.Erasure;

/// <summary>
/// Erases rows from the archiver's Parquet files in any <see cref="IObjectStore"/>: each file is
/// first scanned with the identity columns only (app, anonymous id, user id), and only a file that
/// holds matching rows is read whole and written back without them, under the same key (or deleted
/// when nothing remains). The key, i.e. the (partition, offset range, hour) identity, is unchanged,
/// so the archiver's idempotency and the batch layer's listing are unaffected.
/// </summary>
/// <remarks>
/// Concurrency, per file: <see cref="IObjectStore.PutAsync"/> is atomic, so a batch reading the
/// file sees the old rows or the new ones, never a mix; a batch that listed a file this eraser then
/// deletes fails on that day and computes it again on its next run. Files written after the scan
/// passed their hour (a concurrent archiver flush, or a crashed flush the archiver replays from the
/// log) can still hold the erased rows while the log retains them; erasing again after the log's
/// retention has passed removes them for good. A flush replayed while this eraser rewrites one of
/// its files can race with the rewrite: run erasure when no archiver is recovering a crash.
/// </remarks>
public sealed class ParquetArchiveEraser(IObjectStore store) : IArchiveEraser
{
    private static readonly EventColumns IdentityColumns = EventColumns.Only("anonymous_id", "user_id");

    public Task<ArchiveErasure> EraseAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        return EraseAsync(e => e.AppId == appId, cancellationToken);
    }

    public Task<ArchiveErasure> EraseUserAsync(string appId, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        // Either id: a user may be known by its anonymous id on one event and its user id on another.
        return EraseAsync(e => e.AppId == appId && (e.AnonymousId == user || e.UserId == user), cancellationToken);
    }

    private async Task<ArchiveErasure> EraseAsync(Func<TallyEvent, bool> erased, CancellationToken cancellationToken)
    {
        // Listed up front: rewriting while listing would make some stores list a rewritten key again.
        var files = new List<ArchiveFileKey>();
        await foreach (var info in store.ListAsync(ArchiveLayout.EventsPrefix, cancellationToken))
        {
            if (ArchiveFileKey.TryParse(info.Key, out var file))
            {
                files.Add(file);
            }
        }

        int rewritten = 0;
        long removed = 0;
        var days = new SortedSet<DateOnly>();
        foreach (var file in files)
        {
            try
            {
                if (!await ContainsAsync(file.Key, erased, cancellationToken))
                {
                    continue;
                }
                removed += await RewriteWithoutAsync(file.Key, erased, cancellationToken);
            }
            catch (ObjectNotFoundException)
            {
                // Deleted since the listing (an archiver rolling back a crashed flush): nothing left to erase.
                continue;
            }
            rewritten++;
            days.Add(file.Day);
        }
        return new ArchiveErasure(rewritten, removed, [.. days]);
    }

    private async Task<bool> ContainsAsync(string key, Func<TallyEvent, bool> erased, CancellationToken cancellationToken)
    {
        await using var input = await OpenSeekableAsync(key, cancellationToken);
        await foreach (var rowGroup in EventParquetReader.ReadRowGroupsAsync(input, IdentityColumns, cancellationToken))
        {
            if (rowGroup.Any(row => erased(row.Event)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Writes the file back without the erased rows (deletes it when none remain); returns how many rows went.</summary>
    private async Task<long> RewriteWithoutAsync(string key, Func<TallyEvent, bool> erased, CancellationToken cancellationToken)
    {
        var kept = new List<ArchivedEvent>();
        long removed = 0;
        await using (var input = await OpenSeekableAsync(key, cancellationToken))
        {
            await foreach (var row in EventParquetReader.ReadAsync(input, cancellationToken))
            {
                if (erased(row.Event))
                {
                    removed++;
                }
                else
                {
                    kept.Add(row);
                }
            }
        }

        if (kept.Count == 0)
        {
            await store.DeleteAsync(key, cancellationToken);
            return removed;
        }
        using var output = new MemoryStream();
        await EventParquetWriter.WriteAsync(kept, output, cancellationToken);
        output.Position = 0;
        await store.PutAsync(key, output, cancellationToken);
        return removed;
    }

    // Parquet keeps its index at the end of the file: a network stream is buffered first.
    private async Task<Stream> OpenSeekableAsync(string key, CancellationToken cancellationToken)
    {
        var stream = await store.OpenReadAsync(key, cancellationToken);
        if (stream.CanSeek)
        {
            return stream;
        }
        await using (stream)
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            buffer.Position = 0;
            return buffer;
        }
    }
}
