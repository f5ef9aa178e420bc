using System.Globalization;
using System.Text;
using Tally.Host.Tests.Crash;

namespace Tally.Host.Tests.ScaleOut;

/// <summary>
/// Deterministic mobile traffic as a pure function of the batch number and a fixed start, so the
/// scale-out run and the embedded run receive the same events: two apps (alternating by batch), many
/// users with clocks lagging by up to 90 minutes (sessions span hours), SDK session ids for most
/// users and the inactivity gap for the others, a few crashes. Every message id is sent once.
/// </summary>
/// <param name="start">When the first event happened; in a closed day, so the batch layer computes it.</param>
internal sealed class ScaleOutTraffic(IReadOnlyList<string> writeKeys, DateTimeOffset start, int eventsPerBatch)
{
    private const int UsersPerApp = 50;
    private const int MaxUserLagMinutes = 90;
    private const int BatchesPerSdkSession = 30;
    private static readonly string[] EventNames = ["Level Completed", "Purchase Completed", "Screen Viewed"];

    public OutgoingBatch Next(long batch)
    {
        int app = (int)(batch % writeKeys.Count);
        var messageIds = new string[eventsPerBatch];
        var json = new StringBuilder("""{"batch":[""");
        for (int i = 0; i < eventsPerBatch; i++)
        {
            messageIds[i] = $"scale-a{app}-b{batch:D6}-e{i:D2}";
            int user = (int)((batch * eventsPerBatch + i) * 7 % UsersPerApp);
            // Within a user, time only moves forward (one second per batch).
            var time = start.AddMinutes(-(user % (MaxUserLagMinutes + 1))).AddSeconds(batch).AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture);
            string name = (batch + i) % 37 == 0 ? "Application Crashed" : EventNames[(batch + i) % EventNames.Length];
            string session = user % 4 == 0 ? "" : $",\"sessionId\":\"s{user}-{batch / BatchesPerSdkSession}\"";
            json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $$$"""{"type":"track","event":"{{{name}}}","messageId":"{{{messageIds[i]}}}","anonymousId":"user-{{{user}}}","timestamp":"{{{time}}}","context":{"os":{"name":"Android","version":"15"}{{{session}}}},"properties":{"step":{{{i}}}}}""");
        }
        json.Append("]}");
        return new OutgoingBatch(writeKeys[app], json.ToString(), messageIds);
    }
}
