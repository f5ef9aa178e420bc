namespace Tally.Client;

/// <summary>A snapshot of a client's counters since it was created (queue sizes are current).</summary>
public sealed record TallyClientStats
{
    /// <summary>Events accepted by Track, Screen, Identify and TrackCrash.</summary>
    public long Enqueued { get; init; }

    /// <summary>Events the collector acknowledged (2xx).</summary>
    public long Delivered { get; init; }

    /// <summary>Oldest events dropped because the queue hit <see cref="TallyClientOptions.MaxQueueEvents"/> or <see cref="TallyClientOptions.MaxQueueBytes"/>.</summary>
    public long DroppedQueueFull { get; init; }

    /// <summary>Events dropped because the collector refused their batch with a 4xx other than 408, 413 and 429.</summary>
    public long DroppedRejected { get; init; }

    /// <summary>Events dropped because the collector answered 413 to a batch of that event alone.</summary>
    public long DroppedTooLarge { get; init; }

    /// <summary>Upload attempts that failed and were scheduled for retry (network error, 5xx, 408, 429).</summary>
    public long FailedUploads { get; init; }

    /// <summary>Events waiting for upload now.</summary>
    public int QueuedEvents { get; init; }

    /// <summary>Bytes of event JSON waiting for upload now.</summary>
    public long QueuedBytes { get; init; }
}
