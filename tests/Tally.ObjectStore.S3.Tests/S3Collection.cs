using Tally.Testing.S3;

namespace Tally.ObjectStore.S3.Tests;

[CollectionDefinition(Name)]
public sealed class S3Collection : ICollectionFixture<S3ServerFixture>
{
    public const string Name = "S3-compatible server";
}
