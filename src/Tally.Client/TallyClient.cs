using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Client.Diagnostics;
using Tally.Client.Queue;
using Tally.Client.Sessions;
using Tally.Client.Threading;
using Tally.Client.Upload;
using Tally.Client.Wire;

namespace Tally.Client;

/// <summary>
/// The Tally device SDK. <see cref="Track"/>, <see cref="Screen"/>, <see cref="Identify"/> and
/// <see cref="TrackCrash"/> only serialise the event and queue it in memory; one background loop
/// per client writes the queue to disk and uploads gzip batches to the collector.
/// </summary>
/// <remarks>
/// <para><b>Durability.</b> The loop is woken by every call and appends everything queued to the
/// on-disk queue (fsync) before it does anything else, with no deliberate delay: an event is
/// durable a few milliseconds after the call on an idle device. <see cref="FlushAsync"/>,
/// <see cref="OnBackground"/> and disposal persist everything queued before them; a crash recorded
/// by the unhandled-exception hook is written synchronously. What is on disk when the app is
/// killed is uploaded by the next client on the same <see cref="TallyClientOptions.StorageDirectory"/>.</para>
/// <para><b>Delivery.</b> At least once: an event leaves the queue only after a 2xx, so a kill
/// between the collector's answer and the cursor write re-sends it with the same messageId, which
/// the pipeline deduplicates. Events are dropped (and counted in <see cref="Stats"/>) only when the
/// queue is full (oldest first) or the collector refuses them for good (4xx).</para>
/// <para>The constructor reads the storage directory synchronously (a few small files).</para>
/// </remarks>
public sealed partial class TallyClient : IAsyncDisposable, IDisposable
{
    /// <summary>The event a crash is recorded as; the same name as <c>Tally.Core.Metrics.Metrics.CrashEventName</c>, which the SDK does not reference (it must stay dependency-free).</summary>
    public const string CrashEventName = "Application Crashed";

    /// <summary>Bounds a crash's stack trace so the event stays under the collector's 32 KB event limit.</summary>
    private const int MaxStackTraceChars = 8 * 1024;

    private readonly TallyClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _directory;
    private readonly DiskQueue _disk;
    private readonly object _diskGate = new();
    private readonly EventQueue _queue;
    private readonly SessionTracker _sessions;
    private readonly EventJson _json;
    private readonly string _anonymousId;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _batchUri;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly Backoff _backoff;
    private readonly AsyncSignal _wake = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _flushTimer;
    private readonly Task _loop;
    private readonly object _gate = new();
    private List<TaskCompletionSource<bool>> _flushWaiters = [];
    private volatile string? _userId;
    private bool _flushRequested;
    private bool _disposed;
    private int _stateVersion;

    /// <summary>Opens (or creates) the client's storage, recovers queued events and starts the background loop.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="IOException">The storage directory cannot be used, e.g. another client holds it.</exception>
    public TallyClient(TallyClientOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }
        options.Validate();
        _options = options;
        _time = options.TimeProvider;
        _logger = options.Logger ?? NullLogger.Instance;
        _directory = options.StorageDirectory ?? DefaultStorageDirectory(options.WriteKey);

        _disk = DiskQueue.Open(_directory, out var recovered, out int tornSegments, options.FlushToDisk);
        if (tornSegments > 0)
        {
            _logger.TornQueueTail(tornSegments);
        }
        long next = recovered.Count > 0 ? recovered[^1].Sequence + 1 : _disk.Cursor;
        _queue = new EventQueue(options.MaxQueueEvents, options.MaxQueueBytes, next);
        CountDropped(_queue.Restore(recovered));

        var state = InstallState.Load(_directory);
        _anonymousId = state.AnonymousId;
        _userId = state.UserId;
        _sessions = new SessionTracker(options.SessionTimeout, state.SessionId, state.LastActivity, _time.GetUtcNow());
        _json = new EventJson(options.Context ?? TallyContextInfo.Detect(), _anonymousId);

        _ownsHttp = options.HttpClient is null;
        _http = options.HttpClient ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _batchUri = new Uri(options.Endpoint, "v1/batch");
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.WriteKey + ":")));
        _backoff = new Backoff(options.RetryBaseDelay, options.RetryMaxDelay, new Random());

        _foreground = options.StartInForeground;
        var interval = _foreground ? options.FlushInterval : Timeout.InfiniteTimeSpan;
        _flushTimer = _time.CreateTimer(static self => ((TallyClient)self!).RequestUpload(), this, interval, interval);
        if (options.CaptureUnhandledExceptions)
        {
            AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        }
        _stateVersion = 1;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The anonymous id of this install: generated on first launch, persisted, sent with every event.</summary>
    public string AnonymousId => _anonymousId;

    /// <summary>The user id set by <see cref="Identify"/>, persisted across launches; null until then.</summary>
    public string? UserId => _userId;

    /// <summary>The directory holding this client's queue and state.</summary>
    public string StorageDirectory => _directory;

    /// <summary>Counters since this client was created, and the current queue size.</summary>
    public TallyClientStats Stats => new()
    {
        Enqueued = Interlocked.Read(ref _enqueued),
        Delivered = Interlocked.Read(ref _delivered),
        DroppedQueueFull = Interlocked.Read(ref _droppedQueueFull),
        DroppedRejected = Interlocked.Read(ref _droppedRejected),
        DroppedTooLarge = Interlocked.Read(ref _droppedTooLarge),
        FailedUploads = Interlocked.Read(ref _failedUploads),
        QueuedEvents = _queue.Count,
        QueuedBytes = _queue.Bytes,
    };

    private static string DefaultStorageDirectory(string writeKey)
    {
        string safeKey = string.Concat(writeKey.Select(c => char.IsLetterOrDigit(c) ? c : '_'));
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "tally", safeKey);
    }
}
