using Confluent.Kafka;

namespace Tally.Log.Kafka.Tests;

/// <summary>Settings checks and the librdkafka configuration they produce; no broker needed.</summary>
public sealed class KafkaOptionsTests
{
    private static KafkaLogOptions Valid() => new() { BootstrapServers = "kafka-1:9092,kafka-2:9092" };

    [Fact]
    public void Defaults_with_brokers_are_valid()
    {
        Assert.True(new KafkaLogOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    public static TheoryData<string, Action<KafkaLogOptions>> Invalid => new()
    {
        { "Tally:Log:Kafka:BootstrapServers", o => o.BootstrapServers = "" },
        { "Tally:Log:Kafka:Topic", o => o.Topic = "no spaces" },
        { "Tally:Log:Kafka:PartitionCount", o => o.PartitionCount = 0 },
        { "Tally:Log:Kafka:ReplicationFactor", o => o.ReplicationFactor = 0 },
        { "Tally:Log:Kafka:DeliveryTimeout", o => o.DeliveryTimeout = TimeSpan.Zero },
        { "Tally:Log:Kafka:RequestTimeout", o => o.RequestTimeout = TimeSpan.FromDays(30) },
        { "Tally:Log:Kafka:Linger", o => o.Linger = TimeSpan.FromMilliseconds(-1) },
        { "Tally:Log:Kafka:FetchBufferRecords", o => o.FetchBufferRecords = 0 },
        { "Tally:Log:Kafka:Settings:enable.auto.commit", o => o.Settings["enable.auto.commit"] = "true" },
        { "Tally:Log:Kafka:Settings:acks", o => o.Settings["acks"] = "1" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_options_fail_naming_the_setting(string setting, Action<KafkaLogOptions> breakIt)
    {
        var options = Valid();
        breakIt(options);

        var result = new KafkaLogOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => KafkaEventLog.Create(options));
    }

    [Fact]
    public void The_producer_is_idempotent_and_waits_for_all_in_sync_replicas()
    {
        var options = Valid();
        options.DeliveryTimeout = TimeSpan.FromSeconds(12);

        var config = KafkaClientConfigs.Producer(options);

        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal(12_000, config.MessageTimeoutMs);
        Assert.Equal("kafka-1:9092,kafka-2:9092", config.BootstrapServers);
    }

    [Fact]
    public void The_consumer_commits_only_when_asked_and_starts_a_new_group_at_the_oldest_record()
    {
        var config = KafkaClientConfigs.Consumer(Valid(), "archiver");

        Assert.False(config.EnableAutoCommit);
        Assert.False(config.EnableAutoOffsetStore);
        Assert.Equal(AutoOffsetReset.Earliest, config.AutoOffsetReset);
        Assert.True(config.EnablePartitionEof);
        Assert.Equal(PartitionAssignmentStrategy.RoundRobin, config.PartitionAssignmentStrategy);
        Assert.Equal("tally-events.archiver", config.GroupId);
    }

    [Fact]
    public void A_group_prefix_replaces_the_topic_in_group_ids()
    {
        var options = Valid();
        options.ConsumerGroupPrefix = "prod-";

        Assert.Equal("prod-speed", KafkaClientConfigs.Consumer(options, "speed").GroupId);
    }

    [Fact]
    public void Extra_settings_reach_every_client_without_being_modified()
    {
        var options = Valid();
        options.Settings["security.protocol"] = "SASL_SSL";
        options.Settings["sasl.mechanism"] = "SCRAM-SHA-512";

        var producer = KafkaClientConfigs.Producer(options);
        var consumer = KafkaClientConfigs.Consumer(options, "speed");
        var admin = KafkaClientConfigs.Admin(options);

        Assert.All(new ClientConfig[] { producer, consumer, admin }, c => Assert.Equal("SASL_SSL", c.Get("security.protocol")));
        Assert.Equal("SCRAM-SHA-512", admin.Get("sasl.mechanism"));
        Assert.Equal(2, options.Settings.Count);
    }
}
