namespace Tally.Batch.Computation;

/// <summary>
/// One unique event of the three days a day's computation reads, reduced to what sessions, new
/// users and duplicate removal need. Events of the day computed also say where their columns are, for
/// <see cref="DayWindow.EventAt"/> to build the event when a metric definition evaluates it. No
/// references: a day's array of rows is nothing for the garbage collector to trace.
/// </summary>
internal struct EventRow
{
    /// <summary>The (app, user) number (see <see cref="DayWindow.UserKeys"/>).</summary>
    public int UserKey;

    /// <summary>The SDK session id's string number plus one; 0 for events sessionized by the gap.</summary>
    public int Session;

    /// <summary>Event time, UTC ticks.</summary>
    public long Ticks;

    /// <summary>Receive time, UTC ticks: of two copies of a message, the earlier received is kept.</summary>
    public long ReceivedTicks;

    /// <summary>−1, 0 or 1: the day before, the day computed, the day after.</summary>
    public sbyte DayOffset;

    /// <summary>For rows of the day computed: the number of the row group holding the event's columns.</summary>
    public int Group;

    /// <summary>For rows of the day computed: the event's row in its row group.</summary>
    public int GroupRow;

    /// <summary>For rows of the day computed: the number of its context, shared by every event with an equal one.</summary>
    public int Context;
}
