namespace Tally.Log.Kafka.Tests;

/// <summary>The broker the integration tests use: <c>KAFKA_BOOTSTRAP_SERVERS</c>, or none (they are then skipped).</summary>
public static class KafkaBroker
{
    public const string EnvironmentVariable = "KAFKA_BOOTSTRAP_SERVERS";

    public static string? BootstrapServers =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } servers ? servers : null;

    /// <summary>Why the tests that need a broker are skipped, or null when one is configured.</summary>
    public static string? SkipReason => BootstrapServers is null
        ? $"{EnvironmentVariable} is not set: no Kafka broker to test against (none can be installed on this machine). "
          + $"Set it to a broker's host:port (e.g. localhost:9092) to run the Kafka tests."
        : null;

    public static string RequireBootstrapServers() =>
        BootstrapServers ?? throw new InvalidOperationException(SkipReason);
}

/// <summary>
/// Marks a test class whose tests need a broker. When <see cref="KafkaBroker.EnvironmentVariable"/>
/// is absent, <see cref="KafkaTestFramework"/> reports each of its tests as skipped with the
/// reason — including the [Fact]s inherited from the contract suite, which a custom Fact
/// attribute could not reach.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresKafkaAttribute : Attribute;
