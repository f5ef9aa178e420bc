using Confluent.Kafka;

namespace Tally.Log.Kafka;

internal sealed partial class KafkaLogConsumer
{
    // How long one Consume call blocks: bounds how long a seek, commit or close waits for the
    // poll thread, at ten wake-ups a second for an idle member.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Starts the poll thread, which joins the group.</summary>
    internal void Start()
    {
        // A dedicated thread: Consume blocks inside librdkafka, which would starve the thread pool.
        var thread = new Thread(Poll) { IsBackground = true, Name = $"tally-kafka-{Group}" };
        thread.Start();
    }

    private void Poll()
    {
        try
        {
            _consumer.Subscribe(_log.Topic);
            while (!IsClosing())
            {
                ApplySeeks();
                RunCommits();
                if (WaitWhileBufferFull())
                {
                    continue;
                }
                ConsumeResult<Null, byte[]>? result;
                try
                {
                    result = _consumer.Consume(PollInterval);
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    KafkaLogEvents.ClientError(_logger, "consumer", e.Error.Reason, e.Error.Code);
                    continue;
                }
                if (result is not null)
                {
                    Accept(result);
                }
            }
        }
        catch (KafkaException e)
        {
            KafkaLogEvents.ConsumerFaulted(_logger, e, Group);
            lock (_gate)
            {
                _fault = e;
            }
        }
        finally
        {
            Stop();
        }
    }

    private bool IsClosing()
    {
        lock (_gate)
        {
            return _closing;
        }
    }

    /// <summary>
    /// Waits (a poll interval at most, and still serving seeks and commits) while the buffer is
    /// full. Meanwhile this member does not poll: like any Kafka consumer, one that stops
    /// fetching for max.poll.interval.ms is removed from the group.
    /// </summary>
    private bool WaitWhileBufferFull()
    {
        lock (_gate)
        {
            if (_buffer.Count < _log.Options.FetchBufferRecords)
            {
                return false;
            }
            if (!_closing && _pendingSeeks.Count == 0 && _pendingCommits.Count == 0)
            {
                Monitor.Wait(_gate, PollInterval);
            }
            return true;
        }
    }

    private void Accept(ConsumeResult<Null, byte[]> result)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _brokersDown = false;
            if (!_partitions.TryGetValue(result.Partition.Value, out var state) || state.PositionEpoch != state.RequestedEpoch)
            {
                // Revoked, or a seek is pending: this comes from a position no longer wanted.
                return;
            }
            if (result.IsPartitionEOF)
            {
                state.AtEnd = true;
                state.NextOffset = result.Offset.Value;
            }
            else
            {
                state.AtEnd = false;
                state.NextOffset = result.Offset.Value + 1;
                var record = new LogRecord(result.Partition.Value, result.Offset.Value, result.Offset.Value + 1,
                    new DateTimeOffset(result.Message.Timestamp.UtcDateTime), result.Message.Value ?? []);
                _buffer.Enqueue(new BufferedRecord(state.PositionEpoch, record));
            }
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    private void ApplySeeks()
    {
        List<(int Partition, PendingSeek Seek)> seeks;
        lock (_gate)
        {
            if (_pendingSeeks.Count == 0)
            {
                return;
            }
            seeks = [.. _pendingSeeks.Select(s => (s.Key, s.Value))];
        }
        foreach (var (partition, seek) in seeks)
        {
            try
            {
                _consumer.Seek(new TopicPartitionOffset(_log.Topic, partition, seek.Offset));
            }
            catch (KafkaException e) when (!e.Error.IsFatal)
            {
                // librdkafka refuses to seek a partition whose fetcher has not started yet (just
                // assigned); the seek stays pending and is tried again after the next poll.
                if (!seek.Warned)
                {
                    KafkaLogEvents.SeekDeferred(_logger, e, Group, partition);
                    seek.Warned = true;
                }
                continue;
            }
            lock (_gate)
            {
                // librdkafka drops messages fetched before the seek, so from here on the position is the new one.
                if (_partitions.TryGetValue(partition, out var state) && state.RequestedEpoch == seek.Epoch)
                {
                    state.PositionEpoch = seek.Epoch;
                }
                if (_pendingSeeks.TryGetValue(partition, out var current) && ReferenceEquals(current, seek))
                {
                    _pendingSeeks.Remove(partition);
                }
            }
        }
    }

    private void RunCommits()
    {
        while (true)
        {
            PendingCommit? commit;
            lock (_gate)
            {
                if (!_pendingCommits.TryDequeue(out commit))
                {
                    return;
                }
            }
            try
            {
                _consumer.Commit(commit.Offsets);
                commit.Completion.TrySetResult();
            }
            catch (KafkaException e) when (!e.Error.IsFatal)
            {
                commit.Completion.TrySetException(new LogUnavailableException($"Kafka did not store the offsets of group '{Group}': {e.Error.Reason}", e));
            }
        }
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        TaskCompletionSource changed;
        int[] assignment = [.. partitions.Select(p => p.Partition.Value).Order()];
        lock (_gate)
        {
            foreach (int partition in _partitions.Keys.Except(assignment).ToList())
            {
                _partitions.Remove(partition);
                _pendingSeeks.Remove(partition);
            }
            // A new epoch per partition: anything buffered under an earlier ownership is stale.
            foreach (int partition in assignment)
            {
                _partitions[partition] = new PartitionState(++_lastEpoch);
                _pendingSeeks.Remove(partition);
            }
            _assignment = assignment;
            changed = _changed;
            _changed = NewSignal();
        }
        Interlocked.Increment(ref _assignmentCount);
        changed.TrySetResult();
        KafkaLogEvents.Assigned(_logger, Group, string.Join(',', assignment));
        _log.Members.NotifyChanged();
    }

    private void OnRevoked(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var topicPartition in partitions)
            {
                _partitions.Remove(topicPartition.Partition.Value);
                _pendingSeeks.Remove(topicPartition.Partition.Value);
            }
            _assignment = [.. _partitions.Keys.Order()];
        }
    }

    private void OnError(Error error)
    {
        KafkaLogEvents.ClientError(_logger, "consumer", error.Reason, error.Code);
        if (error.Code == ErrorCode.Local_AllBrokersDown)
        {
            lock (_gate)
            {
                _brokersDown = true;
            }
        }
    }

    /// <summary>Leaves the group and releases the consumer; commits still queued fail.</summary>
    private void Stop()
    {
        try
        {
            _consumer.Close();
        }
        catch (KafkaException e)
        {
            KafkaLogEvents.CloseFailed(_logger, e, Group);
        }
        finally
        {
            _consumer.Dispose();
        }
        TaskCompletionSource changed;
        PendingCommit[] abandoned;
        lock (_gate)
        {
            _closing = true;
            abandoned = [.. _pendingCommits];
            _pendingCommits.Clear();
            changed = _changed;
            _changed = NewSignal();
        }
        foreach (var commit in abandoned)
        {
            commit.Completion.TrySetException(new ObjectDisposedException(nameof(KafkaLogConsumer), "The consumer left its group before committing."));
        }
        changed.TrySetResult();
        _stopped.TrySetResult();
        _log.Members.NotifyChanged();
    }
}
