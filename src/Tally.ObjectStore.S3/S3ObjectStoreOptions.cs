namespace Tally.ObjectStore.S3;

/// <summary>Where and how the S3 object store keeps the archive; bound from <c>Tally:Archive:S3</c>.</summary>
public sealed class S3ObjectStoreOptions
{
    public const string SectionName = "Tally:Archive:S3";

    // S3 refuses multipart parts below 5 MiB (except the last one).
    internal const int MinPartSizeBytes = 5 * 1024 * 1024;

    // Bounds the memory one put holds; S3 allows up to 5 GiB per part.
    internal const int MaxPartSizeBytes = 512 * 1024 * 1024;

    // S3 never returns more than 1000 keys per listing page.
    internal const int MaxListPageSize = 1000;

    /// <summary>
    /// Endpoint of an S3-compatible server, e.g. <c>http://minio:9000</c>; empty for AWS itself,
    /// which then needs <see cref="Region"/>.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>AWS region (e.g. <c>eu-west-1</c>); with <see cref="ServiceUrl"/> it is the signing region (default us-east-1).</summary>
    public string? Region { get; set; }

    /// <summary>The bucket; it must exist.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Prepended to every key, so several deployments can share a bucket: empty, or ending with '/'.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Path-style URLs (<c>host/bucket/key</c>), which most self-hosted S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Static credentials; leave both empty to use the SDK's default chain (environment, profile, instance role).</summary>
    public string? AccessKey { get; set; }

    /// <inheritdoc cref="AccessKey"/>
    public string? SecretKey { get; set; }

    /// <summary>
    /// Bodies up to this size go in one PUT; larger ones are sent as a multipart upload of parts this
    /// size. One part is buffered in memory per concurrent put. At least 5 MiB (S3's minimum part).
    /// </summary>
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Keys requested per listing page (1–1000).</summary>
    public int ListPageSize { get; set; } = MaxListPageSize;
}
