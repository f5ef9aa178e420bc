using System.Runtime.CompilerServices;
using Amazon.S3.Model;
using Tally.Core.Archive;

namespace Tally.ObjectStore.S3;

public sealed partial class S3ObjectStore
{
    /// <summary>
    /// Reads every page, then sorts ordinally. S3 itself returns UTF-8 byte order (ordinal order
    /// except between supplementary characters and U+E000–U+FFFF), but S3-compatible servers
    /// differ (s3rver orders segment by segment, putting "a/b" before "a-b"), and the contract
    /// promises ordinal order. Archive listings are by day or hour, so holding one is cheap.
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
        var objects = new List<ObjectInfo>();
        ListObjectsV2Response page;
        do
        {
            page = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            // SDK v4 leaves collections null when the response has none.
            foreach (var entry in page.S3Objects ?? [])
            {
                objects.Add(new ObjectInfo(entry.Key[_options.Prefix.Length..], entry.Size ?? 0));
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        objects.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var info in objects)
        {
            yield return info;
        }
    }
}
