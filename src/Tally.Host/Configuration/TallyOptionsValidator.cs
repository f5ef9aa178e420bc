using Microsoft.Extensions.Options;

namespace Tally.Host.Configuration;

/// <summary>Checks <see cref="TallyOptions"/> at start-up; every message names the setting to fix.</summary>
public sealed class TallyOptionsValidator : IValidateOptions<TallyOptions>
{
    public ValidateOptionsResult Validate(string? name, TallyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{TallyOptions.SectionName}:{nameof(TallyOptions.DataDirectory)} (flag --data) must name a directory.");
        }

        var urls = options.Urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (urls.Length == 0)
        {
            failures.Add($"{TallyOptions.SectionName}:{nameof(TallyOptions.Urls)} (flag --urls) must list at least one URL, e.g. http://127.0.0.1:5080.");
        }

        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{TallyOptions.SectionName}:{nameof(TallyOptions.Urls)} (flag --urls): '{url}' is not an absolute http:// or https:// URL.");
            }
        }

        if (!TallyRoleNames.TryParse(options.Roles, out _, out var unknownRole))
        {
            failures.Add($"{TallyOptions.SectionName}:{nameof(TallyOptions.Roles)} (flag --roles): '{unknownRole}' is not a role; use a comma-separated list of {TallyRoleNames.Listing} (or all).");
        }

        if (!Enum.IsDefined(options.LogFormat))
        {
            failures.Add($"{TallyOptions.SectionName}:{nameof(TallyOptions.LogFormat)} (flag --log-format) must be simple or json.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
