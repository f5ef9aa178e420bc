using Microsoft.Extensions.Options;
using Tally.Speed.Processing;

namespace Tally.Speed;

/// <summary>Fails start-up with a message naming the bad setting.</summary>
internal sealed class SpeedOptionsValidator : IValidateOptions<SpeedOptions>
{
    public ValidateOptionsResult Validate(string? name, SpeedOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConsumerGroup))
        {
            failures.Add($"{Setting(nameof(options.ConsumerGroup))} must name the speed layer's consumer group.");
        }
        Positive(options.CommitInterval, nameof(options.CommitInterval));
        Positive(options.FetchMaxWait, nameof(options.FetchMaxWait));
        Positive(options.HourRetention, nameof(options.HourRetention));
        Positive(options.MinuteRetention, nameof(options.MinuteRetention));
        Positive(options.RetentionInterval, nameof(options.RetentionInterval));
        Positive(options.MaxRetryDelay, nameof(options.MaxRetryDelay));
        if (options.SnapshotInterval < options.CommitInterval)
        {
            failures.Add($"{Setting(nameof(options.SnapshotInterval))} ({options.SnapshotInterval}) must be at least {Setting(nameof(options.CommitInterval))} ({options.CommitInterval}): snapshots ride on commits.");
        }
        // Fetch waits delay commits; waiting longer than a commit interval would make views late.
        if (options.FetchMaxWait > options.CommitInterval)
        {
            failures.Add($"{Setting(nameof(options.FetchMaxWait))} ({options.FetchMaxWait}) must not exceed {Setting(nameof(options.CommitInterval))} ({options.CommitInterval}).");
        }
        // The seen-user filter slices time into weeks (at most 1024 of them) and needs at least a day.
        if (options.SeenUserWindow < TimeSpan.FromDays(1) || options.SeenUserWindow > TimeSpan.FromDays(7 * 1000))
        {
            failures.Add($"{Setting(nameof(options.SeenUserWindow))} must be between 1 day and 7000 days, not {options.SeenUserWindow}.");
        }
        if (options.SessionCloseDelay < TimeSpan.Zero)
        {
            failures.Add($"{Setting(nameof(options.SessionCloseDelay))} must be zero or more, not {options.SessionCloseDelay}.");
        }
        AtLeastOne(options.FetchMaxRecords, nameof(options.FetchMaxRecords));
        AtLeastOne(options.ExpectedMessagesPerDay, nameof(options.ExpectedMessagesPerDay));
        AtLeastOne(options.ExpectedUsersPerWeek, nameof(options.ExpectedUsersPerWeek));
        AtLeastOne(options.MaxOpenSessionsPerPartition, nameof(options.MaxOpenSessionsPerPartition));
        AtLeastOne(options.MaxTrackedEvents, nameof(options.MaxTrackedEvents));
        if (options.MaxPropertiesPerEvent < 0 || options.MaxValuesPerProperty < 0)
        {
            failures.Add($"{Setting(nameof(options.MaxPropertiesPerEvent))} and {Setting(nameof(options.MaxValuesPerProperty))} must be zero or more.");
        }
        if (options.MaxValuesPerProperty > PropertyBreakdowns.MaxValuesPerProperty)
        {
            failures.Add($"{Setting(nameof(options.MaxValuesPerProperty))} must be at most {PropertyBreakdowns.MaxValuesPerProperty}, not {options.MaxValuesPerProperty}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string property)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{Setting(property)} must be positive, not {value}.");
            }
        }

        void AtLeastOne(long value, string property)
        {
            if (value < 1)
            {
                failures.Add($"{Setting(property)} must be at least 1, not {value}.");
            }
        }
    }

    private static string Setting(string property) => $"{SpeedOptions.SectionName}:{property}";
}
