using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Tally.Log.Kafka;

/// <summary>Fails start-up with a message naming the bad setting.</summary>
internal sealed partial class KafkaLogOptionsValidator : IValidateOptions<KafkaLogOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaLogOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add($"{Setting(nameof(options.BootstrapServers))} must list the Kafka brokers (host:port, comma-separated).");
        }
        if (!TopicName().IsMatch(options.Topic ?? ""))
        {
            failures.Add($"{Setting(nameof(options.Topic))} must be 1–249 letters, digits, '.', '_' or '-', not '{options.Topic}'.");
        }
        if (options.PartitionCount < 1)
        {
            failures.Add($"{Setting(nameof(options.PartitionCount))} must be at least 1, not {options.PartitionCount}.");
        }
        if (options.ReplicationFactor is < 1 and not -1)
        {
            failures.Add($"{Setting(nameof(options.ReplicationFactor))} must be at least 1 (or -1 for the broker default), not {options.ReplicationFactor}.");
        }
        if (options.ConsumerGroupPrefix is null)
        {
            failures.Add($"{Setting(nameof(options.ConsumerGroupPrefix))} must not be null (empty means \"<Topic>.\").");
        }
        Milliseconds(options.Retention, nameof(options.Retention), allowZero: false);
        Milliseconds(options.DeliveryTimeout, nameof(options.DeliveryTimeout), allowZero: false);
        Milliseconds(options.Linger, nameof(options.Linger), allowZero: true);
        Milliseconds(options.RequestTimeout, nameof(options.RequestTimeout), allowZero: false);
        Milliseconds(options.RebalanceTimeout, nameof(options.RebalanceTimeout), allowZero: false);
        if (options.FetchBufferRecords < 1)
        {
            failures.Add($"{Setting(nameof(options.FetchBufferRecords))} must be at least 1, not {options.FetchBufferRecords}.");
        }
        foreach (string key in (options.Settings ?? []).Keys.Where(KafkaClientConfigs.Reserved.Contains))
        {
            failures.Add($"{Setting(nameof(options.Settings))}:{key} cannot be set: the log sets it itself (its guarantees depend on it).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Milliseconds(TimeSpan value, string property, bool allowZero)
        {
            // librdkafka takes these as 32-bit milliseconds.
            if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value.TotalMilliseconds > int.MaxValue)
            {
                failures.Add($"{Setting(property)} must be {(allowZero ? "zero or positive" : "positive")} and below 24 days, not {value}.");
            }
        }
    }

    internal static void ThrowIfInvalid(KafkaLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new KafkaLogOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new ArgumentException(result.FailureMessage, nameof(options));
        }
    }

    private static string Setting(string property) => $"{KafkaLogOptions.SectionName}:{property}";

    [GeneratedRegex("^[a-zA-Z0-9._-]{1,249}$")]
    private static partial Regex TopicName();
}
