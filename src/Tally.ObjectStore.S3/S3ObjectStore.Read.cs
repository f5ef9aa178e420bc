using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Tally.Core.Archive;

namespace Tally.ObjectStore.S3;

public sealed partial class S3ObjectStore
{
    private const string NoSuchKey = "NoSuchKey";

    // A torn read is retried: on a server that writes in place, a reader can keep landing inside
    // back-to-back overwrites, so the attempts span a few seconds (S3 itself never needs them).
    private const int MaxReadAttempts = 10;

    // Doubling pauses from 20 ms, capped at 1 s: about 4 s over all attempts.
    private static readonly TimeSpan FirstReadRetryDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxReadRetryDelay = TimeSpan.FromSeconds(1);

    // Copy buffer for the download; archive files are read whole and sequentially.
    private const int CopyBufferSize = 64 * 1024;

    /// <summary>
    /// Downloads the object to a temporary file (deleted when the stream is disposed) and checks it
    /// before handing it out: the whole Content-Length arrived and, where the ETag is the MD5 of
    /// the body (single-part, not KMS- or customer-key encrypted), the SDK found that MD5. S3
    /// itself serves a consistent version, but some S3-compatible servers overwrite objects in
    /// place (s3rver), so a read racing an overwrite can get a torn body; that read is retried.
    /// The result is seekable, which Parquet readers need.
    /// </summary>
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(key, nameof(key));
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await DownloadVerifiedAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (attempt < MaxReadAttempts && !cancellationToken.IsCancellationRequested)
            {
                S3ObjectStoreLog.ReadRetried(_logger, e, _options.Bucket, S3Key(key), attempt);
            }
            var delay = FirstReadRetryDelay * Math.Pow(2, attempt - 1);
            await Task.Delay(delay < MaxReadRetryDelay ? delay : MaxReadRetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Stream> DownloadVerifiedAsync(string key, CancellationToken cancellationToken)
    {
        var spool = new FileStream(Path.Combine(Path.GetTempPath(), $"tally-s3-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, CopyBufferSize, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        bool handedOut = false;
        try
        {
            using (var response = await GetObjectAsync(key, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await response.ResponseStream.CopyToAsync(spool, CopyBufferSize, cancellationToken).ConfigureAwait(false);
                }
                catch (AmazonClientException e)
                {
                    // Raised by the SDK's end-of-body MD5 check: the body does not match its ETag.
                    throw new IOException($"Object '{key}' does not match its ETag; it was probably overwritten while being read.", e);
                }
                if (spool.Length != response.ContentLength)
                {
                    throw new IOException($"Object '{key}' arrived with {spool.Length} of {response.ContentLength} bytes.");
                }
            }
            spool.Position = 0;
            handedOut = true;
            return spool;
        }
        finally
        {
            if (!handedOut)
            {
                await spool.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<GetObjectResponse> GetObjectAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetObjectAsync(_options.Bucket, S3Key(key), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == NoSuchKey)
        {
            throw new ObjectNotFoundException(key, e);
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "hex")
        {
            // The SDK decodes the ETag to check the body's MD5 and throws this when it is not hex:
            // a server that overwrites in place (s3rver) sent the headers of a half-written object.
            throw new IOException($"Object '{key}' came with a malformed ETag; it was probably being overwritten.", e);
        }
    }
}
