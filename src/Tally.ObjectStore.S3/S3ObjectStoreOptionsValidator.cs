using Microsoft.Extensions.Options;
using Tally.Core.Archive;

namespace Tally.ObjectStore.S3;

/// <summary>Fails start-up with a message naming the bad setting.</summary>
internal sealed class S3ObjectStoreOptionsValidator : IValidateOptions<S3ObjectStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, S3ObjectStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            failures.Add($"{Setting(nameof(options.Bucket))} must name the bucket that holds the archive.");
        }
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            if (string.IsNullOrWhiteSpace(options.Region))
            {
                failures.Add($"{Setting(nameof(options.Region))} is required when {Setting(nameof(options.ServiceUrl))} is empty (AWS S3).");
            }
        }
        else if (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{Setting(nameof(options.ServiceUrl))} must be an absolute http or https URL, not '{options.ServiceUrl}'.");
        }
        if (string.IsNullOrEmpty(options.AccessKey) != string.IsNullOrEmpty(options.SecretKey))
        {
            failures.Add($"{Setting(nameof(options.AccessKey))} and {Setting(nameof(options.SecretKey))} must be set together (or both left empty for the SDK's default credentials).");
        }
        ValidatePrefix(options.Prefix, failures);
        if (options.PartSizeBytes is < S3ObjectStoreOptions.MinPartSizeBytes or > S3ObjectStoreOptions.MaxPartSizeBytes)
        {
            failures.Add($"{Setting(nameof(options.PartSizeBytes))} must be between {S3ObjectStoreOptions.MinPartSizeBytes} and {S3ObjectStoreOptions.MaxPartSizeBytes}, not {options.PartSizeBytes}.");
        }
        if (options.ListPageSize is < 1 or > S3ObjectStoreOptions.MaxListPageSize)
        {
            failures.Add($"{Setting(nameof(options.ListPageSize))} must be between 1 and {S3ObjectStoreOptions.MaxListPageSize}, not {options.ListPageSize}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidatePrefix(string? prefix, List<string> failures)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return;
        }
        if (!prefix.EndsWith('/'))
        {
            failures.Add($"{Setting(nameof(S3ObjectStoreOptions.Prefix))} must end with '/', not '{prefix}'.");
            return;
        }
        try
        {
            ObjectKeys.ValidatePrefix(prefix, nameof(prefix));
        }
        catch (ArgumentException e)
        {
            failures.Add($"{Setting(nameof(S3ObjectStoreOptions.Prefix))} is not a valid key prefix: {e.Message}");
        }
    }

    private static string Setting(string property) => $"{S3ObjectStoreOptions.SectionName}:{property}";
}
