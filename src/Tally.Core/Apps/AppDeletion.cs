using Tally.Core.DeadLetters;
using Tally.Core.Views;

namespace Tally.Core.Apps;

/// <summary>
/// Deletes an app everywhere Tally keeps it: the registry (its keys stop working first, so no new
/// data arrives while the rest goes), dead letters, speed and batch views, first-seen rows and,
/// when <paramref name="archive"/> is given, its archived events. The log is not rewritten: its
/// retention (hours to days) removes the rest, and nothing serves the log's events directly.
/// Every step is idempotent and runs even when the app is already gone from the registry, so
/// running the deletion again after a failure finishes it.
/// </summary>
public sealed class AppDeletion(IAppRegistry apps, IDeadLetterStore deadLetters, IViewStore views, IArchiveEraser? archive = null)
{
    public async Task<AppDeletionResult> DeleteAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        bool registered = await apps.DeleteAsync(appId, cancellationToken);
        int letters = await deadLetters.DeleteAppAsync(appId, cancellationToken);
        int viewRows = await views.DeleteAppAsync(appId, cancellationToken);
        var archived = archive is null ? ArchiveErasure.None : await archive.EraseAppAsync(appId, cancellationToken);
        return new AppDeletionResult(appId, registered, letters, viewRows, archived.EventsRemoved, archived.FilesRewritten);
    }
}

/// <param name="Registered">Whether the registry still had the app (false when re-running a deletion).</param>
/// <param name="ViewRows">Speed cells, batch cells and first-seen rows deleted.</param>
public sealed record AppDeletionResult(string AppId, bool Registered, int DeadLetters, int ViewRows, long ArchivedEvents, int ArchiveFilesRewritten);
