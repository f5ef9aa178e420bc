using Amazon.Runtime;

namespace Tally.ObjectStore.S3.Tests;

/// <summary>Settings checks and their mapping to the SDK's configuration; no server needed.</summary>
public sealed class S3ObjectStoreOptionsTests
{
    private static S3ObjectStoreOptions Valid() => new() { ServiceUrl = "http://127.0.0.1:4569", Bucket = "archive", ForcePathStyle = true };

    [Fact]
    public void Valid_options_pass()
    {
        Assert.True(new S3ObjectStoreOptionsValidator().Validate(null, Valid()).Succeeded);
        Assert.True(new S3ObjectStoreOptionsValidator().Validate(null, new S3ObjectStoreOptions { Region = "eu-west-1", Bucket = "b", Prefix = "tally/prod/" }).Succeeded);
    }

    public static TheoryData<string, Action<S3ObjectStoreOptions>> Invalid => new()
    {
        { "Tally:Archive:S3:Bucket", o => o.Bucket = " " },
        { "Tally:Archive:S3:Region", o => o.ServiceUrl = null },
        { "Tally:Archive:S3:ServiceUrl", o => o.ServiceUrl = "minio:9000" },
        { "Tally:Archive:S3:SecretKey", o => o.AccessKey = "only-the-access-key" },
        { "Tally:Archive:S3:Prefix", o => o.Prefix = "no-trailing-slash" },
        { "Tally:Archive:S3:Prefix", o => o.Prefix = "../escape/" },
        { "Tally:Archive:S3:PartSizeBytes", o => o.PartSizeBytes = 1024 * 1024 },
        { "Tally:Archive:S3:ListPageSize", o => o.ListPageSize = 1001 },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_options_fail_naming_the_setting(string setting, Action<S3ObjectStoreOptions> breakIt)
    {
        var options = Valid();
        breakIt(options);

        var result = new S3ObjectStoreOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new S3ObjectStore(options));
    }

    [Fact]
    public void A_custom_endpoint_uses_path_style_and_checksums_only_when_required()
    {
        var options = Valid();
        options.Region = "eu-central-1";

        var config = S3ClientFactory.CreateConfig(options);

        Assert.Equal("http://127.0.0.1:4569/", config.ServiceURL);
        Assert.True(config.ForcePathStyle);
        Assert.Equal("eu-central-1", config.AuthenticationRegion);
        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
    }

    [Fact]
    public void Without_an_endpoint_the_region_picks_AWS()
    {
        var config = S3ClientFactory.CreateConfig(new S3ObjectStoreOptions { Region = "eu-west-1", Bucket = "b" });

        Assert.Equal(Amazon.RegionEndpoint.EUWest1, config.RegionEndpoint);
        Assert.False(config.ForcePathStyle);
    }
}
