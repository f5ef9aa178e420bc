using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tally.Core.Apps;
using Tally.Core.DeadLetters;
using Tally.Core.Events;

namespace Tally.Query.Tests.Http;

public sealed class AdminEndpointTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_write_key_cannot_use_the_query_api()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();

        using var response = await server.GetAsync($"/api/v1/apps/{app.App.Id}/live", app.WriteKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Dead_letters_are_listed_for_the_admin_newest_first()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        var store = server.Services.GetRequiredService<IDeadLetterStore>();
        await store.AddAsync([Letter(app.App.Id, Noon, """{"a":1}"""), Letter(app.App.Id, Noon.AddSeconds(1), """{"b":2}""")]);

        var body = await server.GetJsonAsync($"/api/v1/dead-letters?app={app.App.Id}&limit=1", QueryServer.AdminToken);

        var letter = Assert.Single(body.GetProperty("deadLetters").EnumerateArray());
        Assert.Equal("""{"b":2}""", letter.GetProperty("rawEvent").GetString());
        Assert.Equal(RejectReason.MissingUser.Code(), letter.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Dead_letters_refuse_read_keys_even_of_the_app_and_check_parameters()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();

        using var readKey = await server.GetAsync($"/api/v1/dead-letters?app={app.App.Id}", app.ReadKey);
        using var noApp = await server.GetAsync("/api/v1/dead-letters", QueryServer.AdminToken);
        using var badLimit = await server.GetAsync($"/api/v1/dead-letters?app={app.App.Id}&limit=0", QueryServer.AdminToken);
        using var unknown = await server.GetAsync("/api/v1/dead-letters?app=app_nope", QueryServer.AdminToken);

        Assert.Equal(HttpStatusCode.Forbidden, readKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noApp.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_admin_creates_an_app_whose_read_key_then_works()
    {
        await using var server = await QueryServer.StartAsync();

        using var response = await server.SendAsync(HttpMethod.Post, "/api/v1/apps", QueryServer.AdminToken,
            JsonContent.Create(new { name = "Weather iOS" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        string id = created.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/apps/{id}", response.Headers.Location?.OriginalString);
        string readKey = created.GetProperty("readKey").GetString()!;
        using var live = await server.GetAsync($"/api/v1/apps/{id}/live", readKey);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Only_the_admin_manages_apps()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();

        using var create = await server.SendAsync(HttpMethod.Post, "/api/v1/apps", app.ReadKey, JsonContent.Create(new { name = "Mine" }));
        using var delete = await server.SendAsync(HttpMethod.Delete, $"/api/v1/apps/{app.App.Id}", app.ReadKey);
        using var emptyName = await server.SendAsync(HttpMethod.Post, "/api/v1/apps", QueryServer.AdminToken, JsonContent.Create(new { name = " " }));

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, emptyName.StatusCode);
        Assert.Single(await server.Services.GetRequiredService<IAppRegistry>().ListAsync(), a => a.Id == app.App.Id);
    }

    [Fact]
    public async Task Deleting_an_app_revokes_its_read_key_and_removes_its_dead_letters()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        await server.Services.GetRequiredService<IDeadLetterStore>().AddAsync([Letter(app.App.Id, Noon, "{}")]);

        using var delete = await server.SendAsync(HttpMethod.Delete, $"/api/v1/apps/{app.App.Id}", QueryServer.AdminToken);
        using var again = await server.SendAsync(HttpMethod.Delete, $"/api/v1/apps/{app.App.Id}", QueryServer.AdminToken);
        using var read = await server.GetAsync($"/api/v1/apps/{app.App.Id}/live", app.ReadKey);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        var result = JsonDocument.Parse(await delete.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, result.GetProperty("deadLetters").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Empty(await server.Services.GetRequiredService<IDeadLetterStore>().ListAsync(app.App.Id, 10));
    }

    private static DeadLetter Letter(string appId, DateTimeOffset at, string json) =>
        new(appId, RejectReason.MissingUser, "no user", at, System.Text.Encoding.UTF8.GetBytes(json));
}
