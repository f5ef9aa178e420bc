namespace Tally.Log;

/// <summary>Base of the log's own failures (misuse gets standard CLR exceptions).</summary>
public class LogException : Exception
{
    public LogException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>True when retrying the same operation later may succeed.</summary>
    public virtual bool IsTransient => false;
}

/// <summary>The log cannot make records durable right now (disk full, engine unreachable).</summary>
public sealed class LogUnavailableException : LogException
{
    public LogUnavailableException(string message, Exception? inner = null) : base(message, inner) { }

    public override bool IsTransient => true;
}

/// <summary>Stored data failed its checksum or framing outside the recoverable tail.</summary>
public sealed class LogCorruptException : LogException
{
    public LogCorruptException(string message, Exception? inner = null) : base(message, inner) { }
}
