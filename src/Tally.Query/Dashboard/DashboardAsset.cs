using Microsoft.Net.Http.Headers;

namespace Tally.Query.Dashboard;

/// <summary>One file of the dashboard, held in memory as served, with its gzip form when that is smaller.</summary>
/// <param name="ETag">Names this content; the gzip form gets its own tag, as HTTP caches require of each representation.</param>
internal sealed record DashboardAsset(
    string Path, string ContentType, byte[] Content, EntityTagHeaderValue ETag, byte[]? Gzipped, EntityTagHeaderValue? GzippedETag);
