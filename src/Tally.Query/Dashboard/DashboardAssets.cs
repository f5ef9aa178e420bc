using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Tally.Query.Dashboard;

/// <summary>
/// The dashboard's files, read once from this assembly's embedded resources (logical names
/// <c>dashboard/…</c>, set in Tally.Query.csproj) and compressed once, so serving one is a dictionary look-up.
/// </summary>
internal sealed class DashboardAssets
{
    public const string IndexPath = "index.html";

    private const string ResourcePrefix = "dashboard/";

    // Below this size gzip saves less than its own header and the extra round of decoding.
    private const int MinimumGzipSize = 1024;

    private readonly FrozenDictionary<string, DashboardAsset> _assets;

    private DashboardAssets(FrozenDictionary<string, DashboardAsset> assets) => _assets = assets;

    public static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var contentTypes = new FileExtensionContentTypeProvider();
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            // MSBuild's RecursiveDir uses the build machine's separator.
            string name = resource.Replace('\\', '/');
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            string path = name[ResourcePrefix.Length..];
            if (!contentTypes.TryGetContentType(path, out string? contentType))
            {
                throw new InvalidOperationException($"The dashboard file '{path}' has no known content type.");
            }
            assets[path] = Create(path, WithCharset(contentType), Read(assembly, resource));
        }
        if (!assets.ContainsKey(IndexPath))
        {
            throw new InvalidOperationException($"The dashboard's {IndexPath} is not embedded in {assembly.GetName().Name}.");
        }
        return new DashboardAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public DashboardAsset? Find(string path) => _assets.GetValueOrDefault(path);

    private static DashboardAsset Create(string path, string contentType, byte[] content)
    {
        var etag = ETagOf(content);
        if (content.Length < MinimumGzipSize)
        {
            return new DashboardAsset(path, contentType, content, etag, Gzipped: null, GzippedETag: null);
        }
        byte[] gzipped = Gzip(content);
        return gzipped.Length < content.Length
            ? new DashboardAsset(path, contentType, content, etag, gzipped, ETagOf(gzipped))
            : new DashboardAsset(path, contentType, content, etag, Gzipped: null, GzippedETag: null);
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource '{resource}' cannot be opened.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize))
        {
            gzip.Write(content);
        }
        return buffer.ToArray();
    }

    private static EntityTagHeaderValue ETagOf(byte[] content) =>
        new('"' + Convert.ToHexString(SHA256.HashData(content), 0, 16) + '"');

    private static string WithCharset(string contentType) =>
        contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.EndsWith("javascript", StringComparison.Ordinal)
            ? contentType + "; charset=utf-8"
            : contentType;
}
