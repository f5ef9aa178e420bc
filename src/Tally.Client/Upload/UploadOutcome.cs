using System.Net;
using System.Net.Http.Headers;

namespace Tally.Client.Upload;

/// <summary>What to do with a batch after one upload attempt.</summary>
internal enum UploadVerdict
{
    /// <summary>2xx: the collector made the events durable; remove them.</summary>
    Delivered,

    /// <summary>Network error, timeout, 5xx, 408, 429: keep them and retry after a back-off.</summary>
    Retry,

    /// <summary>413: the batch is too large; send it in halves.</summary>
    TooLarge,

    /// <summary>Any other 4xx: the collector will never accept this batch; drop it.</summary>
    Rejected,
}

/// <summary>An attempt's verdict, the status (null for a network error), the server's <c>Retry-After</c>, and the network error if any.</summary>
internal readonly record struct UploadOutcome(UploadVerdict Verdict, HttpStatusCode? Status, TimeSpan? RetryAfter, Exception? Error = null)
{
    public static UploadOutcome NetworkFailure(Exception error) => new(UploadVerdict.Retry, null, null, error);

    public static UploadOutcome From(HttpResponseMessage response, DateTimeOffset now)
    {
        int code = (int)response.StatusCode;
        var verdict = code switch
        {
            >= 200 and < 300 => UploadVerdict.Delivered,
            413 => UploadVerdict.TooLarge,
            408 or 429 => UploadVerdict.Retry,
            >= 400 and < 500 => UploadVerdict.Rejected,
            _ => UploadVerdict.Retry,
        };
        return new UploadOutcome(verdict, response.StatusCode, ParseRetryAfter(response.Headers.RetryAfter, now));
    }

    /// <summary><c>Retry-After</c> as seconds or as an HTTP date; a date in the past means "now".</summary>
    internal static TimeSpan? ParseRetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            return date > now ? date - now : TimeSpan.Zero;
        }
        return null;
    }
}
