using Microsoft.Extensions.Options;

namespace Tally.Query;

/// <summary>Fails start-up with a message naming the bad setting.</summary>
internal sealed class QueryOptionsValidator : IValidateOptions<QueryOptions>
{
    // A guessable admin token would open every app's data; 16 characters is the floor of a random secret.
    private const int MinAdminTokenLength = 16;

    public ValidateOptionsResult Validate(string? name, QueryOptions options)
    {
        var failures = new List<string>();
        if (options.AdminToken is { } token && token.Trim().Length < MinAdminTokenLength)
        {
            failures.Add($"{Setting(nameof(options.AdminToken))} must be at least {MinAdminTokenLength} characters when set.");
        }
        if (options.SpeedRetention <= TimeSpan.Zero)
        {
            failures.Add($"{Setting(nameof(options.SpeedRetention))} must be positive, not {options.SpeedRetention}.");
        }
        if (options.StaleAfter <= TimeSpan.Zero)
        {
            failures.Add($"{Setting(nameof(options.StaleAfter))} must be positive, not {options.StaleAfter}.");
        }
        if (string.IsNullOrWhiteSpace(options.SpeedConsumerGroup))
        {
            failures.Add($"{Setting(nameof(options.SpeedConsumerGroup))} must name the speed layer's consumer group.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Setting(string property) => $"{QueryOptions.SectionName}:{property}";
}
