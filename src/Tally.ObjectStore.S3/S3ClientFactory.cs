using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Tally.ObjectStore.S3;

/// <summary>Builds the SDK client from <see cref="S3ObjectStoreOptions"/>.</summary>
public static class S3ClientFactory
{
    // The signing region when a custom endpoint is given without one; S3-compatible servers accept it.
    private const string DefaultSigningRegion = "us-east-1";

    public static AmazonS3Client Create(S3ObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = CreateConfig(options);
        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    internal static AmazonS3Config CreateConfig(S3ObjectStoreOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // The SDK's default since v4 adds CRC trailers (aws-chunked bodies) to every upload and
            // validates checksums on every download. Some S3-compatible servers (s3rver, older
            // MinIO and Ceph) do not understand the trailers and store the chunk framing as part
            // of the object, silently corrupting it. Checksums only where an API requires them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = string.IsNullOrWhiteSpace(options.Region) ? DefaultSigningRegion : options.Region;
        }
        return config;
    }
}
