using Tally.Core.Archive;
using Tally.ObjectStore.Contract;
using Tally.Testing.S3;

namespace Tally.ObjectStore.S3.Tests;

/// <summary>The object-store contract on S3: each store is a fresh key prefix in this class's bucket.</summary>
[Collection(S3Collection.Name)]
public sealed class S3ObjectStoreContractTests(S3ServerFixture server) : ObjectStoreContractTests
{
    protected override async Task<IObjectStore> CreateStoreAsync()
    {
        string bucket = await server.BucketForAsync(GetType());
        return new S3ObjectStore(server.Client, server.Options(bucket, prefix: $"store-{Guid.NewGuid():N}/"));
    }
}
