namespace Tally.Store.Postgres;

/// <summary>Where the PostgreSQL stores live; bound from <c>Tally:Views:Postgres</c>.</summary>
public sealed class PostgresStoreOptions
{
    public const string SectionName = "Tally:Views:Postgres";

    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Username=tally;Password=…;Database=tally</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The schema that holds Tally's tables; created by the first migration. Several Tally
    /// installations can share one database under different schemas.
    /// </summary>
    public string Schema { get; set; } = "tally";
}
