using Microsoft.Extensions.Logging;

namespace Tally.Store.Postgres;

/// <summary>Log events of the PostgreSQL stores (event ids 8300–8399).</summary>
internal static partial class PostgresStoreLog
{
    [LoggerMessage(EventId = 8300, Level = LogLevel.Information,
        Message = "PostgreSQL view store ready in schema {Schema} (schema version {SchemaVersion}, sketches stored as {SketchStorage})")]
    public static partial void ViewStoreReady(this ILogger logger, string schema, int schemaVersion, SketchStorage sketchStorage);
}
