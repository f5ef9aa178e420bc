using Tally.Archive.Storage;
using Tally.Batch;
using Tally.Batch.Archive;
using Tally.Core.Archive;

namespace Tally.Host.Hosting;

internal static class ArchiveRegistration
{
    /// <summary>Where the embedded deployment keeps its archive.</summary>
    public static string ArchiveDirectory(string dataDirectory) => Path.Combine(dataDirectory, "archive");

    /// <summary>
    /// Whether the local archive fsyncs each file and directory it writes (default true). False is
    /// for throwaway data only (<c>tally up --demo</c>): a power cut may lose recent archive files.
    /// </summary>
    public const string FlushToDiskSetting = "Tally:Archive:FlushToDisk";

    /// <summary>The object store of the archive, <c>archive/</c> in <paramref name="dataDirectory"/>, and the batch layer's reader of it.</summary>
    public static IHostApplicationBuilder AddLocalArchive(this IHostApplicationBuilder builder, string dataDirectory)
    {
        bool flushToDisk = builder.Configuration.GetValue(FlushToDiskSetting, defaultValue: true);
        builder.Services.AddSingleton<IObjectStore>(_ => new LocalDirectoryObjectStore(ArchiveDirectory(dataDirectory), flushToDisk));
        builder.Services.AddSingleton<IArchiveDaySource, ParquetArchiveDaySource>();
        return builder;
    }
}
