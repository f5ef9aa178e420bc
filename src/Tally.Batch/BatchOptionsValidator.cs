using Microsoft.Extensions.Options;

namespace Tally.Batch;

/// <summary>Fails start-up with a message naming the bad setting.</summary>
internal sealed class BatchOptionsValidator : IValidateOptions<BatchOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchOptions options)
    {
        var failures = new List<string>();
        if (options.GracePeriod < TimeSpan.Zero)
        {
            failures.Add($"{Setting(nameof(options.GracePeriod))} must be zero or more, not {options.GracePeriod}.");
        }
        Positive(options.PollInterval, nameof(options.PollInterval));
        Positive(options.MaxRetryDelay, nameof(options.MaxRetryDelay));
        Positive(options.LeaseDuration, nameof(options.LeaseDuration));
        if (options.MaxPropertiesPerEvent < 0)
        {
            failures.Add($"{Setting(nameof(options.MaxPropertiesPerEvent))} must be zero or more, not {options.MaxPropertiesPerEvent}.");
        }
        if (options.MaxValuesPerProperty < 0)
        {
            failures.Add($"{Setting(nameof(options.MaxValuesPerProperty))} must be zero or more, not {options.MaxValuesPerProperty}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string property)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{Setting(property)} must be positive, not {value}.");
            }
        }
    }

    private static string Setting(string property) => $"{BatchOptions.SectionName}:{property}";
}
