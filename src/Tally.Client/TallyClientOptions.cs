using Microsoft.Extensions.Logging;

namespace Tally.Client;

/// <summary>
/// Settings of a <see cref="TallyClient"/>. Immutable: start from
/// <c>new TallyClientOptions(endpoint, writeKey)</c> and change defaults with <c>with { … }</c>.
/// </summary>
/// <param name="Endpoint">The collector's base address; batches go to <c>{Endpoint}/v1/batch</c>.</param>
/// <param name="WriteKey">The app's write key, sent as the HTTP Basic user name.</param>
public sealed record TallyClientOptions(Uri Endpoint, string WriteKey)
{
    /// <summary>How often queued events are uploaded while the app is in the foreground. Default 30 s; no timer runs in the background.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Upload as soon as this many events are queued. Default 20.</summary>
    public int FlushAt { get; init; } = 20;

    /// <summary>Most events in one upload. Default 100, far below the collector's 2,500 and 512 KB limits.</summary>
    public int MaxBatchEvents { get; init; } = 100;

    /// <summary>Most events kept in the queue; beyond it the oldest are dropped and counted. Default 10,000.</summary>
    public int MaxQueueEvents { get; init; } = 10_000;

    /// <summary>Most bytes (of event JSON) kept in the queue; beyond it the oldest are dropped and counted. Default 5 MiB.</summary>
    public long MaxQueueBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>First retry waits up to this long (full jitter: a random delay between 0 and the cap). Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The back-off cap doubles with each failure up to this. Default 5 min. A longer <c>Retry-After</c> is still honoured.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Returning to the foreground after longer than this in the background starts a new session. Default 30 s.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where the persistent queue and the install state (anonymous id, session) live. One directory
    /// per client: two clients on one directory at once are refused. Default
    /// <c>{LocalApplicationData}/tally/{WriteKey}</c>.
    /// </summary>
    public string? StorageDirectory { get; init; }

    /// <summary>
    /// An HttpClient to send with, shared by many clients (a simulator runs thousands); the client
    /// never disposes it. Default: the client owns one with a 30 s timeout. Tests inject a handler through it.
    /// </summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>The clock for timestamps, sessions, the flush timer and back-off. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>App, device, OS and locale sent in every event's <c>context</c>. Default: detected from the process.</summary>
    public TallyContextInfo? Context { get; init; }

    /// <summary>Whether the app starts in the foreground (the flush timer runs). Default true.</summary>
    public bool StartInForeground { get; init; } = true;

    /// <summary>
    /// Record an <c>Application Crashed</c> event, written to disk synchronously, when the process
    /// dies of an unhandled exception (<see cref="AppDomain.UnhandledException"/>). Default false.
    /// </summary>
    public bool CaptureUnhandledExceptions { get; init; }

    /// <summary>
    /// Force every write of the queue, cursor and install state to the storage device (fsync).
    /// Default true: a queued event survives a power cut. A simulator driving thousands of
    /// devices on one disk turns it off; queued events then survive a kill of the app (the OS
    /// holds them) but not a crash of the machine.
    /// </summary>
    public bool FlushToDisk { get; init; } = true;

    /// <summary>Where the client reports retries, drops and I/O trouble. Default: nowhere.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    internal void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("Endpoint must be an absolute URI.", nameof(Endpoint));
        }
        if (string.IsNullOrEmpty(WriteKey))
        {
            throw new ArgumentException("WriteKey must not be empty.", nameof(WriteKey));
        }
        Positive(FlushInterval, nameof(FlushInterval));
        Positive(RetryBaseDelay, nameof(RetryBaseDelay));
        Positive(SessionTimeout, nameof(SessionTimeout));
        if (RetryMaxDelay < RetryBaseDelay)
        {
            throw new ArgumentException("RetryMaxDelay must not be shorter than RetryBaseDelay.", nameof(RetryMaxDelay));
        }
        if (FlushAt < 1 || MaxBatchEvents < 1 || MaxQueueEvents < 1 || MaxQueueBytes < 1)
        {
            throw new ArgumentException("FlushAt, MaxBatchEvents, MaxQueueEvents and MaxQueueBytes must be at least 1.");
        }
        if (TimeProvider is null)
        {
            throw new ArgumentException("TimeProvider must not be null.", nameof(TimeProvider));
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive.", name);
        }
    }
}
