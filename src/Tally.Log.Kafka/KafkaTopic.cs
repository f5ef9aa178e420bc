using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Tally.Log.Kafka;

/// <summary>Finds the log's topic, creating it when missing and allowed.</summary>
internal static class KafkaTopic
{
    /// <returns>The topic's partition count, and whether this call created it.</returns>
    public static async Task<(int PartitionCount, bool Created)> EnsureAsync(IAdminClient admin, KafkaLogOptions options, CancellationToken cancellationToken)
    {
        var existing = await DescribeAsync(admin, options, cancellationToken).ConfigureAwait(false);
        if (existing is { } count)
        {
            return (count, false);
        }
        if (!options.CreateTopic)
        {
            throw new InvalidOperationException(
                $"Kafka topic '{options.Topic}' does not exist and {KafkaLogOptions.SectionName}:{nameof(options.CreateTopic)} is false.");
        }
        try
        {
            await admin.CreateTopicsAsync([Specification(options)],
                new CreateTopicsOptions { RequestTimeout = options.RequestTimeout, OperationTimeout = options.RequestTimeout })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            await WaitForLeadersAsync(admin, options, cancellationToken).ConfigureAwait(false);
            return (options.PartitionCount, true);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            // Another process created it meanwhile.
            return (await DescribeAsync(admin, options, cancellationToken).ConfigureAwait(false)
                ?? throw new LogUnavailableException($"Kafka topic '{options.Topic}' was created concurrently but cannot be described.", e), false);
        }
    }

    /// <summary>
    /// A created topic's partitions get leaders shortly after creation; until then producing,
    /// fetching and listing offsets fail. Polls the topic's description until all have one.
    /// </summary>
    private static async Task WaitForLeadersAsync(IAdminClient admin, KafkaLogOptions options, CancellationToken cancellationToken)
    {
        // Leader election takes tens of milliseconds; this spacing keeps the polling light.
        var interval = TimeSpan.FromMilliseconds(100);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.RequestTimeout);
        while (true)
        {
            try
            {
                var described = await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames([options.Topic]),
                    new DescribeTopicsOptions { RequestTimeout = options.RequestTimeout }).WaitAsync(deadline.Token).ConfigureAwait(false);
                if (described.TopicDescriptions.Single().Partitions.All(p => p.Leader is not null))
                {
                    return;
                }
            }
            catch (DescribeTopicsException e) when (e.Results.TopicDescriptions.All(t => t.Error.Code == ErrorCode.UnknownTopicOrPart))
            {
                // Not yet known to the broker that answered.
            }
            catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new LogUnavailableException($"Kafka topic '{options.Topic}' was created but its partitions got no leader within {options.RequestTimeout}.", e);
            }
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int?> DescribeAsync(IAdminClient admin, KafkaLogOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var described = await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames([options.Topic]),
                new DescribeTopicsOptions { RequestTimeout = options.RequestTimeout }).WaitAsync(cancellationToken).ConfigureAwait(false);
            return described.TopicDescriptions.Single().Partitions.Count;
        }
        catch (DescribeTopicsException e) when (e.Results.TopicDescriptions.All(t => t.Error.Code == ErrorCode.UnknownTopicOrPart))
        {
            return null;
        }
    }

    private static TopicSpecification Specification(KafkaLogOptions options)
    {
        var configs = new Dictionary<string, string>
        {
            ["retention.ms"] = ((long)options.Retention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            // AppendedAt is the broker's clock, as the seam documents, not the producer's.
            ["message.timestamp.type"] = "LogAppendTime",
        };
        if (options.ReplicationFactor > 1)
        {
            // With acks=all, an acknowledged record is then on at least two brokers.
            configs["min.insync.replicas"] = "2";
        }
        return new TopicSpecification
        {
            Name = options.Topic,
            NumPartitions = options.PartitionCount,
            ReplicationFactor = options.ReplicationFactor,
            Configs = configs,
        };
    }
}
