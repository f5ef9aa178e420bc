using System.Runtime.CompilerServices;
using Amazon.S3.Model;
using Tally.Core.Archive;

namespace Tally.ObjectStore.S3;

public sealed partial class S3ObjectStore
{
    /// <summary>
    /// Streams the listing page by page. S3 returns keys in UTF-8 byte order, which equals
    /// ordinal (UTF-16) order except between supplementary characters and U+E000–U+FFFF, which
    /// archive keys (ASCII) never contain.
    /// </summary>
    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ObjectKeys.ValidatePrefix(prefix, nameof(prefix));
        return ListPagesAsync(prefix, cancellationToken);
    }

    private async IAsyncEnumerable<ObjectInfo> ListPagesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request
        {
            BucketName = _options.Bucket,
            Prefix = S3Key(prefix),
            MaxKeys = _options.ListPageSize,
        };
        while (true)
        {
            var page = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            // SDK v4 leaves collections null when the response has none.
            foreach (var entry in page.S3Objects ?? [])
            {
                yield return new ObjectInfo(entry.Key[_options.Prefix.Length..], entry.Size ?? 0);
            }
            if (page.IsTruncated != true)
            {
                yield break;
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
    }
}
