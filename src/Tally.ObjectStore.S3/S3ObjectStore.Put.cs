using System.Buffers;
using Amazon.S3.Model;
using Tally.Core.Archive;

namespace Tally.ObjectStore.S3;

public sealed partial class S3ObjectStore
{
    /// <summary>
    /// Reads the body one part at a time into a pooled buffer, so bodies of unknown length
    /// (non-seekable streams) work and memory stays at one part per put. A body that fits in
    /// one part is a single PUT; a failed source read sends nothing, or aborts the multipart upload.
    /// </summary>
    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(content);
        int partSize = _options.PartSizeBytes;
        byte[] part = ArrayPool<byte>.Shared.Rent(partSize);
        try
        {
            int length = await content.ReadAtLeastAsync(part.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (length < partSize)
            {
                await PutSingleAsync(S3Key(key), part, length, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await PutMultipartAsync(S3Key(key), content, part, partSize, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(part);
        }
    }

    private async Task PutSingleAsync(string s3Key, byte[] body, int length, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = s3Key,
            InputStream = new MemoryStream(body, 0, length, writable: false),
            AutoCloseStream = true,
            // Required by some S3-compatible servers (s3rver): with aws-chunked framing they store
            // the chunk signatures inside the object. The body is in memory, so its length is known.
            UseChunkEncoding = false,
        };
        await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="part">Already holds the first part, <paramref name="partSize"/> bytes long.</param>
    private async Task PutMultipartAsync(string s3Key, Stream content, byte[] part, int partSize, CancellationToken cancellationToken)
    {
        var initiated = await _client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = s3Key }, cancellationToken).ConfigureAwait(false);
        string uploadId = initiated.UploadId;
        bool completed = false;
        try
        {
            var etags = new List<PartETag>();
            int length = partSize;
            for (int number = 1; length > 0; number++)
            {
                var uploaded = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _options.Bucket,
                    Key = s3Key,
                    UploadId = uploadId,
                    PartNumber = number,
                    InputStream = new MemoryStream(part, 0, length, writable: false),
                    PartSize = length,
                    // See PutSingleAsync: some S3-compatible servers corrupt aws-chunked bodies.
                    UseChunkEncoding = false,
                }, cancellationToken).ConfigureAwait(false);
                etags.Add(new PartETag(number, uploaded.ETag));
                length = await content.ReadAtLeastAsync(part.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _options.Bucket,
                Key = s3Key,
                UploadId = uploadId,
                PartETags = etags,
            }, cancellationToken).ConfigureAwait(false);
            completed = true;
        }
        finally
        {
            if (!completed)
            {
                await AbortAsync(s3Key, uploadId).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Best effort: the put has failed already and that failure is what the caller must see. An
    /// upload left behind is invisible and only costs storage until a bucket lifecycle rule
    /// (AbortIncompleteMultipartUpload) removes it.
    /// </summary>
    private async Task AbortAsync(string s3Key, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled put must still clean up its parts.
            await _client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = _options.Bucket, Key = s3Key, UploadId = uploadId }).ConfigureAwait(false);
        }
        catch (Amazon.Runtime.AmazonServiceException e)
        {
            S3ObjectStoreLog.AbortFailed(_logger, e, _options.Bucket, s3Key, uploadId);
        }
        catch (HttpRequestException e)
        {
            S3ObjectStoreLog.AbortFailed(_logger, e, _options.Bucket, s3Key, uploadId);
        }
    }
}
