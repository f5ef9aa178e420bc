using Tally.Core.Events;

namespace Tally.Batch.Computation;

/// <summary>
/// One unique event of the three days a day's computation reads, reduced to what sessions, new
/// users and duplicate removal need. Only events of the day computed keep the event itself (with
/// interned strings), for the metric definitions to evaluate.
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

    /// <summary>The event, for rows of the day computed; null otherwise.</summary>
    public TallyEvent? Event;
}
