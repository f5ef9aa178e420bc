using Tally.Archive.Storage;
using Tally.Core.Archive;

namespace Tally.Host.Hosting;

internal static class ArchiveRegistration
{
    /// <summary>
    /// Setting that moves the local archive out of the data dir, e.g. onto a shared mount that the
    /// archiver and batch workers of a scale-out deployment all see.
    /// </summary>
    public const string LocalDirectorySetting = "Tally:Archive:Local:Directory";

    /// <summary>
    /// Whether the local archive fsyncs each file and directory it writes (default true). False is
    /// for throwaway data only (<c>tally up --demo</c>): a power cut may lose recent archive files.
    /// </summary>
    public const string FlushToDiskSetting = "Tally:Archive:FlushToDisk";

    /// <summary>Where the local archive is: <see cref="LocalDirectorySetting"/>, else <c>archive/</c> in <paramref name="dataDirectory"/>.</summary>
    public static string ArchiveDirectory(IConfiguration configuration, string dataDirectory) =>
        configuration[LocalDirectorySetting] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(dataDirectory, "archive");

    /// <summary>The object store of the archive on a local directory (see <see cref="ArchiveDirectory"/>).</summary>
    public static IHostApplicationBuilder AddLocalArchive(this IHostApplicationBuilder builder, string dataDirectory)
    {
        var directory = ArchiveDirectory(builder.Configuration, dataDirectory);
        bool flushToDisk = builder.Configuration.GetValue(FlushToDiskSetting, defaultValue: true);
        builder.Services.AddSingleton<IObjectStore>(_ => new LocalDirectoryObjectStore(directory, flushToDisk));
        return builder;
    }
}
