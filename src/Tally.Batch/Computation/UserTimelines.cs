using Tally.Core.Sessions;

namespace Tally.Batch.Computation;

/// <summary>
/// Walks every user's events of the three days in time order once and derives what needs the whole
/// timeline: the sessions that start on the day (with their length, which may reach into the next
/// day), each user's first event on the day, and whether the user was active the day before.
/// </summary>
internal sealed class UserTimelines
{
    private UserTimelines(int[] firstRowOnDay, bool[] activeBefore, List<(int Row, long LengthTicks)> sessions)
    {
        FirstRowOnDay = firstRowOnDay;
        ActiveDayBefore = activeBefore;
        Sessions = sessions;
    }

    /// <summary>Per user key: the row of the user's earliest event on the day, or −1.</summary>
    public int[] FirstRowOnDay { get; }

    /// <summary>Per user key: whether the user has an event on the day before.</summary>
    public bool[] ActiveDayBefore { get; }

    /// <summary>The sessions that start on the day: their first event's row and their length.</summary>
    public List<(int Row, long LengthTicks)> Sessions { get; }

    public static UserTimelines Derive(DayWindow window)
    {
        var order = SortedRows(window.Rows);
        var firstRowOnDay = new int[window.UserKeys.Count];
        Array.Fill(firstRowOnDay, -1);
        var activeBefore = new bool[window.UserKeys.Count];
        var sessions = new List<(int, long)>();
        var rows = window.Rows;

        int start = 0;
        for (int i = 0; i < order.Length; i++)
        {
            ref readonly var current = ref order[i];
            ref readonly var row = ref rows[current.Row];
            if (row.DayOffset < 0)
            {
                activeBefore[current.UserKey] = true;
            }
            else if (row.DayOffset == 0 && IsEarlier(current, firstRowOnDay[current.UserKey], rows))
            {
                firstRowOnDay[current.UserKey] = current.Row;
            }

            bool last = i + 1 == order.Length;
            ref readonly var next = ref order[last ? i : i + 1];
            bool sameSession = !last && next.UserKey == current.UserKey && next.Session == current.Session
                && (current.Session != 0 || SessionRule.Continues(Time(current.Ticks), Time(next.Ticks)));
            if (!sameSession)
            {
                ref readonly var first = ref order[start];
                if (rows[first.Row].DayOffset == 0)
                {
                    sessions.Add((first.Row, current.Ticks - first.Ticks));
                }
                start = i + 1;
            }
        }
        return new UserTimelines(firstRowOnDay, activeBefore, sessions);
    }

    // Ties in time go to the row read first, the same rule as the sort's.
    private static bool IsEarlier(in TimelineEntry entry, int firstRow, ReadOnlySpan<EventRow> rows) =>
        firstRow < 0 || entry.Ticks < rows[firstRow].Ticks || (entry.Ticks == rows[firstRow].Ticks && entry.Row < firstRow);

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    private static TimelineEntry[] SortedRows(ReadOnlySpan<EventRow> rows)
    {
        var order = new TimelineEntry[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            order[i] = new TimelineEntry(rows[i].UserKey, rows[i].Session, rows[i].Ticks, i);
        }
        Array.Sort(order);
        return order;
    }

    /// <summary>A row's place in its user's timeline: by user, session id (gap-sessionized events first), time, row.</summary>
    private readonly record struct TimelineEntry(int UserKey, int Session, long Ticks, int Row) : IComparable<TimelineEntry>
    {
        public int CompareTo(TimelineEntry other)
        {
            int c = UserKey.CompareTo(other.UserKey);
            if (c == 0)
            {
                c = Session.CompareTo(other.Session);
            }
            if (c == 0)
            {
                c = Ticks.CompareTo(other.Ticks);
            }
            return c != 0 ? c : Row.CompareTo(other.Row);
        }
    }
}
