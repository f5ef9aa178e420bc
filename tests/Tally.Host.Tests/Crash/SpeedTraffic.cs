using System.Globalization;
using System.Text;
using Tally.Core.Views;

namespace Tally.Host.Tests.Crash;

/// <summary>
/// Mobile traffic for the speed layer's crash test, as a pure function of the batch number (so
/// concurrent senders need no shared state): one app per batch, alternating over the write keys;
/// many users, each with its own clock offset of up to 90 minutes, around an hour boundary in the
/// recent past (so that two hour buckets fill); most events carry an SDK session id, the others are
/// sessionized by the inactivity gap; a few are crashes. Every <see cref="ResendEvery"/>-th batch repeats an earlier
/// batch byte for byte in its own request: the same message ids reach the log twice.
/// </summary>
/// <param name="daysBack">How many days before today the traffic's event times lie (0: the recent past).</param>
internal sealed class SpeedTraffic(IReadOnlyList<string> writeKeys, int eventsPerBatch, int daysBack = 0)
{
    /// <summary>Every fifth request is a resend, as an SDK whose upload timed out after the collector accepted it.</summary>
    public const int ResendEvery = 5;

    private const int UsersPerApp = 60;

    // An SDK starts a new session now and then; this many batches share one session id per user.
    private const int BatchesPerSdkSession = 40;

    private static readonly string[] EventNames = ["Level Completed", "Purchase Completed", "Screen Viewed"];

    // User clocks lag by up to this much: three session gaps, so a partition's event-time watermark runs well
    // ahead of the lagging users' sessions, but less than the speed layer's SessionCloseDelay (2 h), which keeps
    // their sessions open until their next events continue them.
    private const int MaxUserLagMinutes = 90;

    // Ten minutes after the last hour boundary that lies at least eleven minutes back: the users' clocks
    // straddle that boundary, and the timestamps (which advance 10 ms per batch) stay in the past.
    private readonly DateTimeOffset _start = ViewKey.BucketOf(DateTimeOffset.UtcNow.AddMinutes(-11), BucketSize.Hour).AddMinutes(10).AddDays(-daysBack);

    public OutgoingBatch Next(long batch) => Content(batch % ResendEvery == 0 ? batch - 2 : batch);

    private OutgoingBatch Content(long batch)
    {
        int app = (int)(batch % writeKeys.Count);
        var messageIds = new string[eventsPerBatch];
        var json = new StringBuilder("""{"batch":[""");
        for (int i = 0; i < eventsPerBatch; i++)
        {
            messageIds[i] = $"speed-a{app}-b{batch:D6}-e{i:D2}";
            int user = (int)((batch * eventsPerBatch + i) * 7 % UsersPerApp);
            // Within a user, time only moves forward (10 ms per batch).
            var time = _start.AddMinutes(-(user % (MaxUserLagMinutes + 1))).AddMilliseconds(batch * 10 + i).ToString("O", CultureInfo.InvariantCulture);
            string name = (batch + i) % 37 == 0 ? "Application Crashed" : EventNames[(batch + i) % EventNames.Length];
            string session = user % 4 == 0 ? "" : $",\"sessionId\":\"s{user}-{batch / BatchesPerSdkSession}\"";
            json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $$$"""{"type":"track","event":"{{{name}}}","messageId":"{{{messageIds[i]}}}","anonymousId":"user-{{{user}}}","timestamp":"{{{time}}}","context":{"os":{"name":"Android","version":"15"}{{{session}}}},"properties":{"step":{{{i}}}}}""");
        }
        json.Append("]}");
        return new OutgoingBatch(writeKeys[app], json.ToString(), messageIds);
    }
}
