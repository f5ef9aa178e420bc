using System.Text.RegularExpressions;

namespace Tally.Log.Nats;

/// <summary>Settings of the NATS JetStream log, bound from <c>Tally:Log:Nats</c>; checked when the log opens.</summary>
public sealed partial class NatsLogOptions
{
    public const string SectionName = "Tally:Log:Nats";

    /// <summary>Server URL(s), comma-separated, e.g. <c>nats://nats-1:4222,nats://nats-2:4222</c>. Required.</summary>
    public string Url { get; set; } = "";

    /// <summary>
    /// Prefix of every JetStream name the log uses: streams <c>PREFIX-p0…</c>, subjects
    /// <c>PREFIX.p.0…</c>, KV buckets <c>PREFIX-members</c> and <c>PREFIX-offsets</c>.
    /// </summary>
    public string Prefix { get; set; } = "tally";

    /// <summary>Number of partitions (one stream each). Fixed once the streams exist.</summary>
    public int PartitionCount { get; set; } = 8;

    /// <summary>Copies of each stream and bucket in a JetStream cluster; 3 survives the loss of one server.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Records older than this are removed by the server (the archive keeps history).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How often a consumer-group member renews its membership and looks for other members.</summary>
    public TimeSpan MemberHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A member that has not renewed its membership for this long is considered gone.</summary>
    public TimeSpan MemberTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one request to the server (append, commit, bounds) may take before the log is reported unavailable.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Url), nameof(Url), "must name the NATS server, e.g. nats://127.0.0.1:4222");
        Require(PrefixPattern().IsMatch(Prefix), nameof(Prefix), "must be 1 to 64 ASCII letters, digits, '-' or '_'");
        Require(PartitionCount is >= 1 and <= 1000, nameof(PartitionCount), "must be between 1 and 1000");
        Require(Replicas is >= 1 and <= 5, nameof(Replicas), "must be between 1 and 5 (the JetStream maximum)");
        Require(Retention > TimeSpan.Zero, nameof(Retention), "must be positive");
        Require(MemberHeartbeatInterval > TimeSpan.Zero, nameof(MemberHeartbeatInterval), "must be positive");
        // Two missed heartbeats before a member is declared gone, so one slow renewal does not cause a rebalance.
        Require(MemberTimeout >= 2 * MemberHeartbeatInterval, nameof(MemberTimeout), "must be at least twice MemberHeartbeatInterval");
        Require(RequestTimeout > TimeSpan.Zero, nameof(RequestTimeout), "must be positive");
    }

    private static void Require(bool condition, string setting, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"{SectionName}:{setting} {rule}.", setting);
        }
    }

    // Stream and bucket names allow these characters only; '.' would split subjects into tokens.
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex PrefixPattern();
}
