using System.Net;
using System.Text.Json;

namespace Tally.Query.Tests.Http;

/// <summary>
/// Hostile query parameters: every one gets a 4xx with a JSON reason (never a 5xx or an empty body),
/// and the API still answers good requests afterwards.
/// </summary>
public class HostileParameterTests
{
    public static TheoryData<string> HostileQueries() =>
    [
        "metrics/active_users?from=0001-01-01",
        "metrics/active_users?to=0001-01-01",
        "metrics/active_users?to=9999-12-31",
        "metrics/active_users?from=9999-12-31T23:59:59Z&to=9999-12-31",
        "metrics/active_users?from=-1",
        "metrics/active_users?from=" + new string('9', 5000),
        "metrics/active_users?from=2025-02-30",
        "metrics/events?breakdown=os&limit=99999999999999999999",
        "metrics/events?breakdown=os&limit=-1",
        "metrics/events?breakdown=os&limit=ten",
        "events?limit=2147483648",
        "events?limit=1e3",
        "metrics/active_users?breakdown=os'%20OR%201=1--",
        "metrics/active_users;DROP%20TABLE%20apps",
        "metrics/..%2F..%2Fstatus",
        "metrics/" + new string('m', 5000),
        "metrics/active_users?interval=%E2%80%AE",
        "retention?days=" + string.Join(",", Enumerable.Range(0, 1_000)),
        "retention?days=99999999999999999999",
        "retention?days=,,,",
    ];

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task Hostile_parameter_is_a_4xx_with_a_json_reason(string pathAndQuery)
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();

        using var response = await server.GetAsync($"/api/v1/apps/{app.App.Id}/{pathAndQuery}", app.ReadKey);

        string body = await response.Content.ReadAsStringAsync();
        int status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{status}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("error").GetString()), body);
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("message").GetString()), body);
        using var healthy = await server.GetAsync($"/api/v1/apps/{app.App.Id}/metrics/active_users", app.ReadKey);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Theory]
    [InlineData("metrics/events?breakdown=property:plan'%3B%20DROP%20TABLE%20views%3B--", "breakdown", "property:plan'; DROP TABLE views;--")]
    [InlineData("metrics/events?event=%00", "event", "\0")]
    [InlineData("metrics/events?event=x'%20OR%20'1'='1", "event", "x' OR '1'='1")]
    public async Task Injection_looking_names_are_only_data(string pathAndQuery, string field, string echoed)
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();

        var body = await server.GetJsonAsync($"/api/v1/apps/{app.App.Id}/{pathAndQuery}", app.ReadKey);

        Assert.Equal(echoed, body.GetProperty(field).GetString());
        Assert.Equal(0, body.GetProperty("series").EnumerateArray().Sum(s => s.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("value").GetDouble())));
        using var healthy = await server.GetAsync($"/api/v1/apps/{app.App.Id}/metrics/active_users", app.ReadKey);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task Request_line_over_kestrels_limit_is_414_before_any_endpoint_runs()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();

        using var response = await server.GetAsync($"/api/v1/apps/{app.App.Id}/metrics/events?breakdown=property:{new string('p', 10_000)}", app.ReadKey);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }
}
