using System.Net;
using System.Net.Http.Headers;
using Tally.Client.Upload;

namespace Tally.Client.Tests.Upload;

public sealed class BackoffTests
{
    [Fact]
    public void Delays_stay_within_the_doubling_cap_and_never_exceed_the_maximum()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), new Random(42));
        for (int failures = 1; failures <= 40; failures++)
        {
            var cap = TimeSpan.FromSeconds(Math.Min(20, Math.Pow(2, failures - 1)));
            var delay = backoff.Next(failures, retryAfter: null);
            Assert.InRange(delay, TimeSpan.Zero, cap);
        }
    }

    [Fact]
    public void Retry_after_is_a_floor_even_above_the_maximum()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), new Random(42));
        Assert.Equal(TimeSpan.FromMinutes(2), backoff.Next(1, TimeSpan.FromMinutes(2)));
    }

    [Theory]
    [InlineData(200, nameof(UploadVerdict.Delivered))]
    [InlineData(400, nameof(UploadVerdict.Rejected))]
    [InlineData(401, nameof(UploadVerdict.Rejected))]
    [InlineData(415, nameof(UploadVerdict.Rejected))]
    [InlineData(408, nameof(UploadVerdict.Retry))]
    [InlineData(429, nameof(UploadVerdict.Retry))]
    [InlineData(413, nameof(UploadVerdict.TooLarge))]
    [InlineData(500, nameof(UploadVerdict.Retry))]
    [InlineData(503, nameof(UploadVerdict.Retry))]
    public void Statuses_map_to_verdicts(int status, string expected)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        Assert.Equal(expected, UploadOutcome.From(response, DateTimeOffset.UnixEpoch).Verdict.ToString());
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_as_an_http_date()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(7), UploadOutcome.ParseRetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), now));
        Assert.Equal(TimeSpan.FromSeconds(90), UploadOutcome.ParseRetryAfter(new RetryConditionHeaderValue(now.AddSeconds(90)), now));
        Assert.Equal(TimeSpan.Zero, UploadOutcome.ParseRetryAfter(new RetryConditionHeaderValue(now.AddSeconds(-5)), now));
        Assert.Null(UploadOutcome.ParseRetryAfter(null, now));
    }
}
