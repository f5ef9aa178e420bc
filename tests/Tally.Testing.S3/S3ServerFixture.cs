using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.S3;
using Amazon.S3.Model;

using Tally.ObjectStore.S3;

namespace Tally.Testing.S3;

/// <summary>
/// An S3-compatible server for the tests: <c>TALLY_TEST_S3</c> (its URL, as printed by
/// scripts/s3rver.sh) names it; without it an s3rver child process is started on a free port
/// with a temporary directory, and stopped and removed afterwards. Each test class gets a bucket
/// of its own (<see cref="BucketForAsync"/>), emptied and deleted when the fixture ends, or a test
/// creates and deletes one itself (<see cref="CreateBucketAsync"/>, <see cref="DeleteBucketAsync"/>).
/// A missing s3rver fails every test with how to install it.
/// </summary>
public sealed partial class S3ServerFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "TALLY_TEST_S3";

    // s3rver accepts any signature made with its fixed default credentials.
    private const string AccessKey = "S3RVER";
    private const string SecretKey = "S3RVER";

    private const string InstallHint =
        $"Install it with `npm install -g s3rver` (or eval \"$(bash scripts/s3rver.sh)\" as root; ./test.sh does it for you), "
        + $"or point {EnvironmentVariable} at an S3-compatible server that accepts the access key {AccessKey}.";

    // A loaded two-core machine starts node in a few seconds; this is only the failure bound.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _buckets = new();
    private Process? _server;
    private string? _serverDirectory;
    private AmazonS3Client? _client;

    public string ServiceUrl { get; private set; } = "";

    public IAmazonS3 Client => _client ?? throw new InvalidOperationException("The S3 fixture is not initialised.");

    public async Task InitializeAsync()
    {
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        ServiceUrl = string.IsNullOrWhiteSpace(configured) ? await StartServerAsync() : configured;
        _client = S3ClientFactory.Create(Options(bucket: "unused", prefix: ""));
    }

    /// <summary>Options for a store on this server.</summary>
    public S3ObjectStoreOptions Options(string bucket, string prefix) => new()
    {
        ServiceUrl = ServiceUrl,
        ForcePathStyle = true,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        Bucket = bucket,
        Prefix = prefix,
    };

    /// <summary>The bucket of one test class, created on first use.</summary>
    public Task<string> BucketForAsync(Type testClass) =>
        _buckets.GetOrAdd(testClass.Name, _ => new Lazy<Task<string>>(CreateBucketAsync)).Value;

    /// <summary>A new, empty bucket of a unique name; the caller deletes it (<see cref="DeleteBucketAsync"/>).</summary>
    public async Task<string> CreateBucketAsync()
    {
        // Bucket names: lower case, digits and '-', at most 63 characters.
        string name = $"tally-test-{Guid.NewGuid():N}";
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_client is not null)
            {
                foreach (var bucket in _buckets.Values)
                {
                    await DeleteBucketAsync(await bucket.Value);
                }
                _client.Dispose();
            }
        }
        finally
        {
            // Even when a bucket could not be removed: the child server and its directory go.
            if (_server is not null)
            {
                _server.Kill(entireProcessTree: true);
                await _server.WaitForExitAsync();
                _server.Dispose();
            }
            if (_serverDirectory is not null)
            {
                Directory.Delete(_serverDirectory, recursive: true);
            }
        }
    }

    /// <summary>Deletes every object of <paramref name="bucket"/>, then the bucket.</summary>
    public async Task DeleteBucketAsync(string bucket)
    {
        var request = new ListObjectsV2Request { BucketName = bucket };
        ListObjectsV2Response page;
        do
        {
            page = await Client.ListObjectsV2Async(request);
            foreach (var entry in page.S3Objects ?? [])
            {
                await Client.DeleteObjectAsync(bucket, entry.Key);
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        await Client.DeleteBucketAsync(bucket);
    }

    private async Task<string> StartServerAsync()
    {
        _serverDirectory = Directory.CreateTempSubdirectory("tally-s3rver-").FullName;
        var start = new ProcessStartInfo("s3rver")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // s3rver encrypts listing continuation tokens with DES, which OpenSSL 3 (Node 17+) only has
            // in its legacy provider; without it every paginated listing fails with an internal error.
            Environment = { ["NODE_OPTIONS"] = "--openssl-legacy-provider" },
        };
        // Port 0: the system picks a free one, which s3rver prints ("S3rver listening on host:port").
        foreach (string argument in new[] { "--directory", _serverDirectory, "--address", "127.0.0.1", "--port", "0" })
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            _server = Process.Start(start) ?? throw new InvalidOperationException($"Could not start s3rver. {InstallHint}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"s3rver is not installed and {EnvironmentVariable} is not set. {InstallHint}", e);
        }
        // Drain stderr so the child cannot block on a full pipe.
        _ = _server.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(StartTimeout);
        while (await _server.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            var listening = ListeningLine().Match(line);
            if (listening.Success)
            {
                // Keep reading its (request log) output so it never blocks on a full pipe.
                _ = _server.StandardOutput.ReadToEndAsync();
                return $"http://{listening.Groups["endpoint"].Value}";
            }
        }
        throw new InvalidOperationException($"s3rver exited before it listened. {InstallHint}");
    }

    [GeneratedRegex(@"listening on (?<endpoint>\S+:\d+)")]
    private static partial Regex ListeningLine();
}
