using System.Text.Json;
using Tally.Core.Events;

namespace Tally.Collector.Parsing;

public sealed partial class SegmentBatchParser
{
    /// <summary>
    /// Reads an event's <c>context</c>. Events of one batch usually carry byte-identical
    /// contexts (same device, app and session), so the previous event's context is reused
    /// when the bytes match, which saves a score of string allocations per event.
    /// </summary>
    private EventContext? ReadEventContext(ref Utf8JsonReader reader, SegmentRequest request, ref Problem problem)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            problem.Set(RejectReason.InvalidField, "\"context\" must be an object.");
            reader.Skip();
            return null;
        }

        int start = (int)reader.TokenStartIndex;
        var body = request.Body.Span;
        if (request.LastContext is { } last && body[start..].StartsWith(body[request.LastContextRaw]))
        {
            // A complete JSON object is a prefix here, so this object is exactly that one.
            reader.Skip();
            return last;
        }

        var fields = default(ContextFields);
        var own = default(Problem);
        ReadContextObject(ref reader, ref fields, ref own);
        if (own.IsSet)
        {
            problem.Set(own);
            return null;
        }
        var context = fields.ToContext();
        request.LastContext = context;
        request.LastContextRaw = start..(int)reader.BytesConsumed;
        return context;
    }

    private void ReadContextObject(ref Utf8JsonReader reader, ref ContextFields c, ref Problem problem)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("app"u8))
            {
                reader.Read();
                ReadApp(ref reader, ref c, ref problem);
            }
            else if (reader.ValueTextEquals("device"u8))
            {
                reader.Read();
                ReadDevice(ref reader, ref c, ref problem);
            }
            else if (reader.ValueTextEquals("os"u8))
            {
                reader.Read();
                ReadOs(ref reader, ref c, ref problem);
            }
            else if (reader.ValueTextEquals("library"u8))
            {
                reader.Read();
                ReadLibrary(ref reader, ref c, ref problem);
            }
            else if (reader.ValueTextEquals("location"u8))
            {
                reader.Read();
                ReadLocation(ref reader, ref c, ref problem);
            }
            else if (reader.ValueTextEquals("locale"u8))
            {
                reader.Read();
                c.Locale = ReadText(ref reader, "context.locale", ref problem);
            }
            else if (reader.ValueTextEquals("timezone"u8))
            {
                reader.Read();
                c.Timezone = ReadText(ref reader, "context.timezone", ref problem);
            }
            else if (reader.ValueTextEquals("sessionId"u8))
            {
                reader.Read();
                c.SessionId = ReadText(ref reader, "context.sessionId", ref problem);
            }
            else if (reader.ValueTextEquals("ip"u8))
            {
                reader.Read();
                c.Ip = ReadText(ref reader, "context.ip", ref problem);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void ReadApp(ref Utf8JsonReader reader, ref ContextFields c, ref Problem problem)
    {
        if (!EnterObject(ref reader, "context.app", ref problem))
        {
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                c.AppName = ReadText(ref reader, "context.app.name", ref problem);
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                c.AppVersion = ReadText(ref reader, "context.app.version", ref problem);
            }
            else if (reader.ValueTextEquals("build"u8))
            {
                reader.Read();
                c.AppBuild = ReadText(ref reader, "context.app.build", ref problem);
            }
            else if (reader.ValueTextEquals("namespace"u8))
            {
                reader.Read();
                c.AppNamespace = ReadText(ref reader, "context.app.namespace", ref problem);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private void ReadDevice(ref Utf8JsonReader reader, ref ContextFields c, ref Problem problem)
    {
        if (!EnterObject(ref reader, "context.device", ref problem))
        {
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                c.DeviceId = ReadText(ref reader, "context.device.id", ref problem);
            }
            else if (reader.ValueTextEquals("manufacturer"u8))
            {
                reader.Read();
                c.DeviceManufacturer = ReadText(ref reader, "context.device.manufacturer", ref problem);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                c.DeviceModel = ReadText(ref reader, "context.device.model", ref problem);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                c.DeviceType = ReadText(ref reader, "context.device.type", ref problem);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private void ReadOs(ref Utf8JsonReader reader, ref ContextFields c, ref Problem problem)
    {
        if (!EnterObject(ref reader, "context.os", ref problem))
        {
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                c.OsName = ReadText(ref reader, "context.os.name", ref problem);
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                c.OsVersion = ReadText(ref reader, "context.os.version", ref problem);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private void ReadLibrary(ref Utf8JsonReader reader, ref ContextFields c, ref Problem problem)
    {
        if (!EnterObject(ref reader, "context.library", ref problem))
        {
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                c.LibraryName = ReadText(ref reader, "context.library.name", ref problem);
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                c.LibraryVersion = ReadText(ref reader, "context.library.version", ref problem);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private void ReadLocation(ref Utf8JsonReader reader, ref ContextFields c, ref Problem problem)
    {
        if (!EnterObject(ref reader, "context.location", ref problem))
        {
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("country"u8))
            {
                reader.Read();
                c.Country = ReadText(ref reader, "context.location.country", ref problem);
            }
            else if (reader.ValueTextEquals("city"u8))
            {
                reader.Read();
                c.City = ReadText(ref reader, "context.location.city", ref problem);
            }
            else if (reader.ValueTextEquals("latitude"u8))
            {
                reader.Read();
                c.Latitude = ReadNumber(ref reader, "context.location.latitude", ref problem);
            }
            else if (reader.ValueTextEquals("longitude"u8))
            {
                reader.Read();
                c.Longitude = ReadNumber(ref reader, "context.location.longitude", ref problem);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    /// <summary>True when the reader is on an object to read; null counts as absent, anything else is a problem.</summary>
    private static bool EnterObject(ref Utf8JsonReader reader, string field, ref Problem problem)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return true;
            case JsonTokenType.Null:
                return false;
            default:
                problem.Set(RejectReason.InvalidField, $"\"{field}\" must be an object.");
                reader.Skip();
                return false;
        }
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }
}
