using Microsoft.Extensions.Options;

namespace Tally.Collector;

/// <summary>Fails start-up with a message naming the bad setting.</summary>
internal sealed class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
    // Bodies live in pooled arrays; beyond 1 GiB ArrayPool stops pooling and memory is no longer bounded sensibly.
    private const int MaxBufferBytes = 1 << 30;

    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        var failures = new List<string>();
        Positive(options.MaxRequestBytes, nameof(options.MaxRequestBytes));
        Positive(options.MaxDecompressedBytes, nameof(options.MaxDecompressedBytes));
        Positive(options.MaxBatchEvents, nameof(options.MaxBatchEvents));
        Positive(options.MaxEventBytes, nameof(options.MaxEventBytes));
        Positive(options.MaxStringLength, nameof(options.MaxStringLength));
        Positive(options.RetryAfterSeconds, nameof(options.RetryAfterSeconds));
        Positive(options.MaxInFlightRequests, nameof(options.MaxInFlightRequests));
        Positive(options.OverloadRetryAfterSeconds, nameof(options.OverloadRetryAfterSeconds));
        Positive(options.MinRequestBodyBytesPerSecond, nameof(options.MinRequestBodyBytesPerSecond));
        Positive(options.RequestHeadersTimeoutSeconds, nameof(options.RequestHeadersTimeoutSeconds));
        // Kestrel checks data rates on a 1 s heartbeat and refuses a grace period that is not longer.
        if (options.SlowBodyGracePeriodSeconds < 2)
        {
            failures.Add($"{Setting(nameof(options.SlowBodyGracePeriodSeconds))} must be at least 2, not {options.SlowBodyGracePeriodSeconds}.");
        }
        var rate = options.RateLimit;
        NotNegative(rate.PerKeyPerSecond, "RateLimit:PerKeyPerSecond");
        NotNegative(rate.PerIpPerSecond, "RateLimit:PerIpPerSecond");
        if (rate.PerKeyPerSecond > 0 && rate.PerKeyBurst < rate.PerKeyPerSecond)
        {
            failures.Add($"{Setting("RateLimit:PerKeyBurst")} ({rate.PerKeyBurst}) must be at least {Setting("RateLimit:PerKeyPerSecond")} ({rate.PerKeyPerSecond}).");
        }
        if (rate.PerIpPerSecond > 0 && rate.PerIpBurst < rate.PerIpPerSecond)
        {
            failures.Add($"{Setting("RateLimit:PerIpBurst")} ({rate.PerIpBurst}) must be at least {Setting("RateLimit:PerIpPerSecond")} ({rate.PerIpPerSecond}).");
        }
        foreach (string origin in options.Cors.AllowedOrigins)
        {
            if (origin != "*" && !Uri.TryCreate(origin, UriKind.Absolute, out _))
            {
                failures.Add($"{Setting("Cors:AllowedOrigins")} lists '{origin}', which is neither '*' nor an origin such as https://app.example.com.");
            }
        }
        if (options.MaxReportedErrors < 0)
        {
            failures.Add($"{Setting(nameof(options.MaxReportedErrors))} must be zero or more, not {options.MaxReportedErrors}.");
        }
        if (options.MaxRequestBytes >= MaxBufferBytes || options.MaxDecompressedBytes >= MaxBufferBytes)
        {
            failures.Add($"{Setting(nameof(options.MaxRequestBytes))} and {Setting(nameof(options.MaxDecompressedBytes))} must be under {MaxBufferBytes} bytes.");
        }
        if (options.MaxEventBytes > options.MaxDecompressedBytes)
        {
            failures.Add($"{Setting(nameof(options.MaxEventBytes))} ({options.MaxEventBytes}) cannot exceed {Setting(nameof(options.MaxDecompressedBytes))} ({options.MaxDecompressedBytes}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void NotNegative(int value, string property)
        {
            if (value < 0)
            {
                failures.Add($"{Setting(property)} must be zero (no limit) or more, not {value}.");
            }
        }

        void Positive(int value, string property)
        {
            if (value <= 0)
            {
                failures.Add($"{Setting(property)} must be positive, not {value}.");
            }
        }
    }

    private static string Setting(string property) => $"{CollectorOptions.SectionName}:{property}";
}
