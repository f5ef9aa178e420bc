using Tally.Testing.Postgres;

namespace Tally.Batch.PostgresTests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL with postgresql-hll";
}
