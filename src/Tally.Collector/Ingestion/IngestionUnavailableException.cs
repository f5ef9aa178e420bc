namespace Tally.Collector.Ingestion;

/// <summary>The log or the dead-letter store could not make a request durable; the client should retry later (503).</summary>
public sealed class IngestionUnavailableException(string message, Exception inner) : Exception(message, inner);
