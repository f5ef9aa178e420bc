using Microsoft.Extensions.Logging;

namespace Tally.ObjectStore.S3;

/// <summary>Log events of the S3 object store, ids 3500–3599; the ids are stable (dashboards and alerts use them).</summary>
internal static partial class S3ObjectStoreLog
{
    [LoggerMessage(EventId = 3501, Level = LogLevel.Warning,
        Message = "Could not abort the failed multipart upload {UploadId} of {Bucket}/{Key}; its parts stay until a lifecycle rule removes them")]
    public static partial void AbortFailed(ILogger logger, Exception exception, string bucket, string key, string uploadId);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Warning,
        Message = "Read {Attempt} of {Bucket}/{Key} was incomplete or did not match its ETag; retrying")]
    public static partial void ReadRetried(ILogger logger, Exception exception, string bucket, string key, int attempt);
}
