using Tally.Core.Encoding;
using Tally.Core.Events;
using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Log;
using Tally.Speed.Aggregation;

namespace Tally.Speed.Processing;

/// <summary>
/// The speed layer's deterministic processing of one log partition: records in offset order in,
/// facts (events, new users, sessions) evaluated into <see cref="ViewDeltas"/> out. Its state —
/// duplicate and seen-user filters, open sessions, property breakdown slots — depends only on the
/// records processed, never on a clock, so replaying a range from a snapshot rebuilds it exactly;
/// that is what makes the speed layer's commits exactly-once. Not thread-safe; usable without DI.
/// </summary>
public sealed partial class PartitionProcessor
{
    private readonly SpeedOptions _options;
    private readonly PropertyBreakdowns _properties;
    private readonly RecordAggregator _aggregator = new();
    private RotatingBloomFilter _duplicates;
    private RotatingBloomFilter _seenUsers;
    private RotatingBloomFilter _closedSdkSessions;
    private ViewDeltas? _output;
    private (string? AppId, string? User, DateTimeOffset? Slice) _lastUserAdded;

    /// <summary>Empty state, reading from <paramref name="startOffset"/> (the log's oldest retained offset, usually).</summary>
    public PartitionProcessor(int partition, SpeedOptions options, long startOffset)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        Partition = partition;
        NextOffset = startOffset;
        _options = options;
        _properties = new PropertyBreakdowns(options);
        _duplicates = new RotatingBloomFilter(RotatingBloomFilterOptions.Duplicates(options.ExpectedMessagesPerDay));
        _seenUsers = new RotatingBloomFilter(SeenUserFilterOptions(options));
        _closedSdkSessions = new RotatingBloomFilter(ClosedSdkSessionFilterOptions(options));
    }

    public int Partition { get; }

    /// <summary>The offset after the last record processed: where this state resumes.</summary>
    public long NextOffset { get; private set; }

    /// <summary>The latest event time seen, capped by the collector's receive time; null before the first event.</summary>
    public DateTimeOffset? Watermark { get; private set; }

    public PartitionCounters Counters { get; } = new();

    /// <summary>
    /// Processes one log record. With <paramref name="output"/> null only the state is rebuilt —
    /// for records whose effect is already in the views (replay after a restart).
    /// </summary>
    public void Process(in LogRecord record, ViewDeltas? output)
    {
        if (record.Partition != Partition)
        {
            throw new ArgumentException($"Record of partition {record.Partition} given to the processor of partition {Partition}.", nameof(record));
        }
        List<TallyEvent> events;
        try
        {
            events = EventBatchReader.Decode(record.Payload);
        }
        catch (InvalidDataException)
        {
            // The log checks its own framing; a payload it accepted but we cannot decode would fail the
            // same way on every replay, so it is skipped (counted) rather than blocking the partition.
            Counters.RecordsSkipped++;
            NextOffset = record.NextOffset;
            return;
        }
        ProcessEvents(events, record.NextOffset, output);
    }

    /// <summary>Processes the decoded events of one record that ends at <paramref name="nextOffset"/>.</summary>
    public void ProcessEvents(IReadOnlyList<TallyEvent> events, long nextOffset, ViewDeltas? output)
    {
        ArgumentNullException.ThrowIfNull(events);
        _output = output;
        try
        {
            foreach (var e in events)
            {
                ProcessEvent(e);
            }
            // Sessions close between records, not between events: the events of one upload belong together.
            CloseExpiredSessions();
            if (output is not null)
            {
                _aggregator.FlushInto(output);
            }
        }
        finally
        {
            _aggregator.Clear();
            _output = null;
        }
        Counters.Records++;
        NextOffset = nextOffset;
    }

    private void ProcessEvent(TallyEvent e)
    {
        var clock = ClockOf(e);
        Watermark = Watermark is { } watermark && watermark >= clock ? watermark : clock;

        Span<byte> stack = stackalloc byte[256];
        using (var messageKey = new FilterKey(e.AppId, e.MessageId, stack))
        {
            // Duplicate time is the event's own (bounded) clock, not the wall clock, so a replay makes the
            // same decisions. The cost: a duplicate whose copies' event times lie more than 7 days apart
            // is counted twice; the copies of a retried upload carry the same event time.
            if (_duplicates.Add(messageKey.Span, clock))
            {
                Counters.Duplicates++;
                return;
            }
        }
        Counters.Events++;

        var properties = _properties.ValuesOf(e);
        Emit(Fact.ForEvent(e), FactPhase.Start, properties);

        if (!WasSeen(e, clock, stack))
        {
            Counters.NewUsers++;
            Emit(Fact.ForNewUser(e), FactPhase.Start, properties);
        }

        TrackSession(e);
    }

    /// <summary>Adds the event's user to the seen-users filter; false if the filter had not seen them.</summary>
    private bool WasSeen(TallyEvent e, DateTimeOffset clock, Span<byte> stack)
    {
        // A record's events mostly share the user's strings: the user added last, in the same slice, is
        // certainly in the filter, and adding them again would change nothing.
        if (ReferenceEquals(e.User, _lastUserAdded.User) && ReferenceEquals(e.AppId, _lastUserAdded.AppId)
            && _seenUsers.IsInCurrentSlice(clock) && _seenUsers.CurrentSliceStart == _lastUserAdded.Slice)
        {
            return true;
        }
        using var userKey = new FilterKey(e.AppId, e.User, stack);
        bool seen = _seenUsers.Add(userKey.Span, clock);
        _lastUserAdded = (e.AppId, e.User, _seenUsers.CurrentSliceStart);
        return seen;
    }

    private void Emit(in Fact fact, FactPhase phase, IReadOnlyList<PropertyValue> properties)
    {
        if (_output is not null)
        {
            _aggregator.Add(fact, phase, properties, _output);
        }
    }

    /// <summary>
    /// The time the partition's filters and session expiry run on: the event time, but never later
    /// than the collector received the event, so one device with a clock far ahead cannot expire
    /// everyone else's sessions or age the duplicate filter.
    /// </summary>
    private static DateTimeOffset ClockOf(TallyEvent e) => e.EventTime <= e.ReceivedAt ? e.EventTime : e.ReceivedAt;

    private static RotatingBloomFilterOptions SeenUserFilterOptions(SpeedOptions options)
    {
        // Weekly slices: a year is 53 generations, few enough for every lookup to check them all.
        var slice = TimeSpan.FromDays(Math.Min(7, options.SeenUserWindow.TotalDays));
        return new RotatingBloomFilterOptions
        {
            Window = options.SeenUserWindow,
            SliceLength = slice,
            ExpectedItemsPerSlice = options.ExpectedUsersPerWeek,
        };
    }

    // A closed SDK session's late events must not start it again; a day covers any upload retry.
    private static RotatingBloomFilterOptions ClosedSdkSessionFilterOptions(SpeedOptions options) => new()
    {
        Window = TimeSpan.FromDays(1),
        SliceLength = TimeSpan.FromHours(6),
        ExpectedItemsPerSlice = Math.Max(1, options.ExpectedUsersPerWeek / 7),
    };
}
