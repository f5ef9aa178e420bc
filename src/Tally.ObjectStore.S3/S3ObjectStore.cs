using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Core.Archive;

namespace Tally.ObjectStore.S3;

/// <summary>
/// The object store on S3 or any S3-compatible server. A key is stored as the S3 key
/// <see cref="S3ObjectStoreOptions.Prefix"/> + key. Puts are atomic because S3 makes them so:
/// a single PUT, or a multipart upload that becomes visible only when completed (an
/// incomplete one is aborted, and is invisible to reads and listings meanwhile).
/// </summary>
public sealed partial class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly S3ObjectStoreOptions _options;
    private readonly ILogger _logger;

    /// <summary>A store with its own client built from <paramref name="options"/>.</summary>
    public S3ObjectStore(S3ObjectStoreOptions options, ILogger<S3ObjectStore>? logger = null)
        : this(S3ClientFactory.Create(Validated(options)), options, logger, ownsClient: true)
    {
    }

    /// <summary>A store on a client the caller owns (and disposes).</summary>
    public S3ObjectStore(IAmazonS3 client, S3ObjectStoreOptions options, ILogger<S3ObjectStore>? logger = null)
        : this(client, options, logger, ownsClient: false)
    {
    }

    private S3ObjectStore(IAmazonS3 client, S3ObjectStoreOptions options, ILogger? logger, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _ownsClient = ownsClient;
        _options = Validated(options);
        _logger = logger ?? NullLogger.Instance;
    }

    private static S3ObjectStoreOptions Validated(S3ObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new S3ObjectStoreOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }
        return options;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(key, nameof(key));
        // S3 answers 204 whether or not the key existed, which is the contract's "does nothing".
        await _client.DeleteObjectAsync(_options.Bucket, S3Key(key), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private string S3Key(string key) => _options.Prefix + key;
}
