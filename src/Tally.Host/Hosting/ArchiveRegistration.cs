using Tally.Archive.Storage;
using Tally.Core.Archive;

namespace Tally.Host.Hosting;

internal static class ArchiveRegistration
{
    /// <summary>The object store of the archive: <c>archive/</c> in <paramref name="dataDirectory"/>.</summary>
    public static IHostApplicationBuilder AddLocalArchive(this IHostApplicationBuilder builder, string dataDirectory)
    {
        builder.Services.AddSingleton<IObjectStore>(_ => new LocalDirectoryObjectStore(Path.Combine(dataDirectory, "archive")));
        return builder;
    }
}
