namespace Tally.Client.Diagnostics;

/// <summary>Stable event ids of the SDK's log messages (range 7000–7099).</summary>
internal static class ClientLogEvents
{
    public const int UploadFailed = 7001;
    public const int BatchRejected = 7002;
    public const int EventTooLarge = 7003;
    public const int QueueOverflow = 7004;
    public const int TornQueueTail = 7005;
    public const int StorageFailed = 7006;
    public const int BatchSplit = 7007;
}
