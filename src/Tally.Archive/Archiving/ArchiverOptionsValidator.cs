using Microsoft.Extensions.Options;

namespace Tally.Archive.Archiving;

/// <summary>Fails start-up with a message naming the bad setting.</summary>
internal sealed class ArchiverOptionsValidator : IValidateOptions<ArchiverOptions>
{
    public ValidateOptionsResult Validate(string? name, ArchiverOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConsumerGroup))
        {
            failures.Add($"{Setting(nameof(options.ConsumerGroup))} must name the archiver's consumer group.");
        }
        Positive(options.FlushInterval, nameof(options.FlushInterval));
        Positive(options.FetchMaxWait, nameof(options.FetchMaxWait));
        Positive(options.MaxRetryDelay, nameof(options.MaxRetryDelay));
        // A fetch that waits longer than the flush interval would make every flush late.
        if (options.FetchMaxWait > options.FlushInterval)
        {
            failures.Add($"{Setting(nameof(options.FetchMaxWait))} ({options.FetchMaxWait}) must not exceed {Setting(nameof(options.FlushInterval))} ({options.FlushInterval}).");
        }
        AtLeastOne(options.FlushMaxRecords, nameof(options.FlushMaxRecords));
        AtLeastOne(options.FetchMaxRecords, nameof(options.FetchMaxRecords));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string property)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{Setting(property)} must be positive, not {value}.");
            }
        }

        void AtLeastOne(int value, string property)
        {
            if (value < 1)
            {
                failures.Add($"{Setting(property)} must be at least 1, not {value}.");
            }
        }
    }

    private static string Setting(string property) => $"{ArchiverOptions.SectionName}:{property}";
}
