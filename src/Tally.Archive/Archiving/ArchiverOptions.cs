namespace Tally.Archive.Archiving;

/// <summary>Settings of the archiver role, bound from section <c>Tally:Archive</c> (e.g. <c>TALLY__ARCHIVE__FLUSHINTERVAL=00:01:00</c>).</summary>
public sealed class ArchiverOptions
{
    public const string SectionName = "Tally:Archive";

    /// <summary>The log consumer group; its committed offsets are what the archive holds.</summary>
    public string ConsumerGroup { get; set; } = "archive";

    /// <summary>
    /// How long records wait in a partition's buffer at most before they are written: the
    /// archive's freshness, traded against the number of (small) files per hour.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Log records a partition buffers at most before it flushes. Buffers hold the records'
    /// encoded bytes (a few KiB per request batch), so the default bounds each partition to
    /// tens of MiB.
    /// </summary>
    public int FlushMaxRecords { get; set; } = 5_000;

    /// <summary>Records fetched from the log at most per loop iteration.</summary>
    public int FetchMaxRecords { get; set; } = 512;

    /// <summary>How long a fetch waits for the first record; short against <see cref="FlushInterval"/>, so flushes stay on time when the log is idle.</summary>
    public TimeSpan FetchMaxWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between retries while the object store, view store or log fails.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
