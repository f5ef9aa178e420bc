using Tally.Core.Events;

namespace Tally.Archive.Parquet;

public sealed partial class ArchivedColumns
{
    /// <summary>
    /// <paramref name="events"/> as columns, every field kept, as a file holding them would read back
    /// with <see cref="EventColumns.All"/>: for archives held in memory (tests, benchmarks).
    /// </summary>
    public static ArchivedColumns FromEvents(IReadOnlyList<ArchivedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var columns = new ArchivedColumns(events.Count);
        for (int row = 0; row < events.Count; row++)
        {
            columns.Set(row, events[row]);
        }
        return columns;
    }

    private void Set(int row, ArchivedEvent archived)
    {
        var e = archived.Event;
        Type[row] = e.Type;
        AppId[row] = e.AppId;
        MessageId[row] = e.MessageId;
        AnonymousId[row] = e.AnonymousId;
        UserId[row] = e.UserId;
        Event[row] = e.Event;
        Name[row] = e.Name;
        GroupId[row] = e.GroupId;
        PreviousId[row] = e.PreviousId;
        Timestamp[row] = e.Timestamp?.UtcDateTime;
        SentAt[row] = e.SentAt?.UtcDateTime;
        ReceivedAt[row] = e.ReceivedAt.UtcDateTime;
        EventTime[row] = e.EventTime.UtcDateTime;
        EventTimeClamped[row] = e.EventTimeClamped;
        var c = e.Context;
        string?[] context =
        [
            c.AppName, c.AppVersion, c.AppBuild, c.AppNamespace, c.DeviceId, c.DeviceManufacturer, c.DeviceModel, c.DeviceType,
            c.OsName, c.OsVersion, c.Locale, c.Timezone, c.LibraryName, c.LibraryVersion, c.Country, c.City,
        ];
        for (int i = 0; i < context.Length; i++)
        {
            Context[i][row] = context[i];
        }
        Latitude[row] = c.Latitude;
        Longitude[row] = c.Longitude;
        SessionId[row] = c.SessionId;
        Ip[row] = c.Ip;
        // Empty JSON means absent, as in the files.
        Properties[row] = e.Properties.IsEmpty ? null : e.Properties.ToArray();
        Traits[row] = e.Traits.IsEmpty ? null : e.Traits.ToArray();
        LogPartition[row] = archived.LogPartition;
        LogOffset[row] = archived.LogOffset;
    }
}
