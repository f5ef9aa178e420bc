using System.Globalization;
using Tally.Client.Diagnostics;
using Tally.Client.Wire;

namespace Tally.Client;

public sealed partial class TallyClient
{
    private long _enqueued;
    private long _droppedQueueFull;

    /// <summary>Records that the user did <paramref name="name"/>. Never blocks on I/O.</summary>
    /// <param name="name">The event name, e.g. <c>Order Completed</c>.</param>
    /// <param name="properties">Event properties: strings, numbers, booleans, dates, nested dictionaries and lists.</param>
    /// <param name="timestamp">When it happened; default now. Simulators set it to record the past.</param>
    public void Track(string name, IReadOnlyDictionary<string, object?>? properties = null, DateTimeOffset? timestamp = null)
    {
        RequireText(name, nameof(name));
        Enqueue("track", name, screen: null, properties, traits: null, timestamp);
    }

    /// <summary>Records that the user viewed screen <paramref name="name"/>. Never blocks on I/O.</summary>
    /// <param name="name">The screen name.</param>
    /// <param name="properties">Screen properties.</param>
    /// <param name="timestamp">When it happened; default now.</param>
    public void Screen(string name, IReadOnlyDictionary<string, object?>? properties = null, DateTimeOffset? timestamp = null)
    {
        RequireText(name, nameof(name));
        Enqueue("screen", trackName: null, name, properties, traits: null, timestamp);
    }

    /// <summary>
    /// Ties this install to <paramref name="userId"/> (persisted: later events and launches carry
    /// it) and records an identify event with <paramref name="traits"/>. Never blocks on I/O.
    /// </summary>
    /// <param name="userId">The app's own id for the user.</param>
    /// <param name="traits">What the app knows about the user, e.g. plan or email.</param>
    /// <param name="timestamp">When it happened; default now.</param>
    public void Identify(string userId, IReadOnlyDictionary<string, object?>? traits = null, DateTimeOffset? timestamp = null)
    {
        RequireText(userId, nameof(userId));
        _userId = userId;
        Enqueue("identify", trackName: null, screen: null, properties: null, traits ?? new Dictionary<string, object?>(), timestamp);
    }

    /// <summary>
    /// Records <paramref name="exception"/> as an <c>Application Crashed</c> event (type, message,
    /// stack trace) and writes it to disk before returning, so it survives the process dying next.
    /// </summary>
    public void TrackCrash(Exception exception)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }
        string? stack = exception.StackTrace;
        var properties = new Dictionary<string, object?>
        {
            ["exceptionType"] = exception.GetType().FullName,
            ["message"] = exception.Message,
            ["stackTrace"] = stack is { Length: > MaxStackTraceChars } ? stack[..MaxStackTraceChars] : stack,
        };
        Enqueue("track", CrashEventName, screen: null, properties, traits: null, timestamp: null);
        PersistPending();
    }

    private void OnUnhandledException(object sender, UnhandledExceptionEventArgs e)
    {
        var exception = e.ExceptionObject as Exception
            ?? new InvalidOperationException(Convert.ToString(e.ExceptionObject, CultureInfo.InvariantCulture));
        TrackCrash(exception);
    }

    private void Enqueue(
        string type, string? trackName, string? screen,
        IReadOnlyDictionary<string, object?>? properties, IReadOnlyDictionary<string, object?>? traits,
        DateTimeOffset? timestamp)
    {
        ThrowIfDisposed();
        var now = _time.GetUtcNow();
        string sessionId = _sessions.Touch(now);
        byte[] json = _json.Serialize(new EventDraft(type, trackName, screen, properties, traits, timestamp ?? now, _anonymousId, _userId, sessionId));
        CountDropped(_queue.Enqueue(json));
        Interlocked.Increment(ref _enqueued);
        Interlocked.Increment(ref _stateVersion);
        if (_queue.Count >= _options.FlushAt)
        {
            RequestUpload();
        }
        else
        {
            _wake.Set();
        }
    }

    private void CountDropped(int dropped)
    {
        if (dropped > 0)
        {
            Interlocked.Add(ref _droppedQueueFull, dropped);
            _logger.QueueOverflow(dropped);
        }
    }

    private static void RequireText(string value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException("The value must not be null or empty.", name);
        }
    }
}
