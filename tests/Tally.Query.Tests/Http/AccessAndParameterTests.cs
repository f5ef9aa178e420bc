using System.Net;
using System.Text.Json;

namespace Tally.Query.Tests.Http;

public class AccessAndParameterTests
{
    [Theory]
    [InlineData(null, "missing_token")]
    [InlineData("rk_not-a-key", "invalid_token")]
    public async Task Missing_or_unknown_token_is_401(string? token, string error)
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();

        using var response = await server.GetAsync($"/api/v1/apps/{app.App.Id}/metrics/active_users", token);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, error, parameter: null);
    }

    [Fact]
    public async Task Read_key_of_another_app_is_403_and_admin_reads_every_app()
    {
        await using var server = await QueryServer.StartAsync();
        var mine = await server.CreateAppAsync();
        var other = await server.CreateAppAsync();

        using var forbidden = await server.GetAsync($"/api/v1/apps/{other.App.Id}/live", mine.ReadKey);
        using var admin = await server.GetAsync($"/api/v1/apps/{other.App.Id}/live", QueryServer.AdminToken);
        using var unknown = await server.GetAsync("/api/v1/apps/no-such-app/live", QueryServer.AdminToken);

        await AssertErrorAsync(forbidden, HttpStatusCode.Forbidden, "forbidden", parameter: null);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        await AssertErrorAsync(unknown, HttpStatusCode.NotFound, "unknown_app", parameter: null);
    }

    [Fact]
    public async Task Apps_lists_the_own_app_for_a_read_key_and_all_for_the_admin()
    {
        await using var server = await QueryServer.StartAsync();
        var mine = await server.CreateAppAsync();
        var other = await server.CreateAppAsync();

        var own = await server.GetJsonAsync("/api/v1/apps", mine.ReadKey);
        var all = await server.GetJsonAsync("/api/v1/apps", QueryServer.AdminToken);

        Assert.Equal([mine.App.Id], Ids(own));
        // App ids are random: compare as sets, in one order.
        Assert.Equal(new[] { mine.App.Id, other.App.Id }.Order(StringComparer.Ordinal), Ids(all).Order(StringComparer.Ordinal));
        static IEnumerable<string?> Ids(JsonElement body) => body.GetProperty("apps").EnumerateArray().Select(a => a.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("metrics/daily_users", "metric")]
    [InlineData("metrics/active_users?interval=fortnight", "interval")]
    [InlineData("metrics/wau?interval=hour", "interval")]
    [InlineData("metrics/active_users?from=2025-03-10&to=2025-03-01", "from")]
    [InlineData("metrics/active_users?from=yesterday", "from")]
    [InlineData("metrics/active_users?to=2025-13-01", "to")]
    [InlineData("metrics/active_users?from=2020-01-01&to=2025-01-01", "from")]
    [InlineData("metrics/active_users?interval=hour&from=2025-01-01&to=2025-03-01", "from")]
    [InlineData("metrics/active_users?breakdown=planet", "breakdown")]
    [InlineData("metrics/active_users?breakdown=property:plan", "breakdown")]
    [InlineData("metrics/active_users?event=Purchase", "event")]
    [InlineData("metrics/events?breakdown=os&limit=0", "limit")]
    [InlineData("retention?days=0,7", "days")]
    [InlineData("events?limit=5000", "limit")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string pathAndQuery, string parameter)
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();

        using var response = await server.GetAsync($"/api/v1/apps/{app.App.Id}/{pathAndQuery}", app.ReadKey);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_parameter", parameter);
    }

    [Fact]
    public async Task OpenApi_document_lists_every_endpoint_with_parameter_docs()
    {
        await using var server = await QueryServer.StartAsync();

        var document = await server.GetJsonAsync(QueryHostingExtensions.OpenApiPath, token: "unused");

        var paths = document.GetProperty("paths");
        foreach (string path in (string[])["/api/v1/apps/{appId}/metrics/{metric}", "/api/v1/apps/{appId}/retention",
            "/api/v1/apps/{appId}/live", "/api/v1/apps/{appId}/events", "/api/v1/apps", "/api/v1/status"])
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document.");
        }
        var interval = paths.GetProperty("/api/v1/apps/{appId}/metrics/{metric}").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "interval");
        Assert.Contains("week", interval.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error, string? parameter)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(error, json.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("message").GetString()));
        if (parameter is not null)
        {
            Assert.Equal(parameter, json.GetProperty("parameter").GetString());
        }
    }
}
