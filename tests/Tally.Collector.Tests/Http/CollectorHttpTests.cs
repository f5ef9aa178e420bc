using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tally.Collector.Tests.Doubles;
using Tally.Core.Apps;
using Tally.Core.DeadLetters;
using Tally.Core.Events;
using Tally.Log;
using Tally.Store.Sqlite;

namespace Tally.Collector.Tests.Http;

public class CollectorHttpTests
{
    [Fact]
    public async Task Batch_with_basic_auth_is_appended_and_acknowledged_with_segments_body()
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();

        var response = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u1"), Bodies.Track("u2", "Paused"))), app.WriteKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"success":true}""", await response.Content.ReadAsStringAsync());
        var events = await server.ReadLogAsync();
        Assert.Equal(["Paused", "Song Played"], events.Select(e => e.Event!).Order());
        Assert.All(events, e => Assert.Equal(app.App.Id, e.AppId));
    }

    [Fact]
    public async Task Write_key_in_the_body_authenticates()
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();
        string body = $$"""{"writeKey":"{{app.WriteKey}}","batch":[{{Bodies.Track("u1")}}]}""";

        var response = await server.PostAsync("/v1/batch", Bodies.Json(body), writeKey: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(app.App.Id, Assert.Single(await server.ReadLogAsync()).AppId);
    }

    [Theory]
    [InlineData(null, "missing_write_key")]
    [InlineData("wk_unknown", "invalid_write_key")]
    public async Task Missing_or_unknown_write_key_is_401(string? writeKey, string code)
    {
        await using var server = await CollectorServer.StartAsync();

        var response = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u1"))), writeKey);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, code);
        Assert.Empty(await server.ReadLogAsync());
    }

    [Fact]
    public async Task Unknown_write_key_in_the_body_is_401()
    {
        await using var server = await CollectorServer.StartAsync();
        string body = $$"""{"writeKey":"wk_nope","batch":[{{Bodies.Track("u1")}}]}""";

        var response = await server.PostAsync("/v1/batch", Bodies.Json(body), writeKey: null);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_write_key");
    }

    [Fact]
    public async Task Gzip_body_is_accepted()
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();
        var events = Enumerable.Range(0, 100).Select(i => Bodies.Track($"user-{i}")).ToArray();

        var response = await server.PostAsync("/v1/batch", Bodies.Gzip(Encoding.UTF8.GetBytes(Bodies.Batch(events))), app.WriteKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100, (await server.ReadLogAsync()).Count);
    }

    [Fact]
    public async Task Gzip_bomb_is_refused_without_inflating_it_all()
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();
        // 100 MB of zeros compresses to about 100 KB: small on the wire, far over the 8 MiB inflate limit.
        var bomb = Bodies.GzipBomb(100L * 1024 * 1024);
        Assert.True(bomb.Length < EventLimits.Default.MaxRequestBytes);
        var content = new ByteArrayContent(bomb);
        content.Headers.ContentEncoding.Add("gzip");

        var response = await server.PostAsync("/v1/batch", content, app.WriteKey);

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "decompressed_too_large");
    }

    [Fact]
    public async Task Truncated_gzip_is_400()
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();
        var events = Enumerable.Range(0, 50).Select(i => Bodies.Track($"user-{i}")).ToArray();
        var full = Bodies.Compress(Encoding.UTF8.GetBytes(Bodies.Batch(events)));
        var content = new ByteArrayContent(full[..(full.Length / 2)]);
        content.Headers.ContentEncoding.Add("gzip");

        var response = await server.PostAsync("/v1/batch", content, app.WriteKey);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_gzip");
        Assert.Empty(await server.ReadLogAsync());
    }

    [Fact]
    public async Task Unsupported_content_encoding_is_415()
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();
        var content = Bodies.Json(Bodies.Batch(Bodies.Track("u1")));
        content.Headers.ContentEncoding.Add("br");

        var response = await server.PostAsync("/v1/batch", content, app.WriteKey);

        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_encoding");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Body_over_the_wire_limit_is_413_with_or_without_content_length(bool chunked)
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();
        var big = Encoding.UTF8.GetBytes(Bodies.Batch(Bodies.Track("u1", extra: $$""","properties":{"pad":"{{new string('x', 600 * 1024)}}"}""")));
        HttpContent content = chunked ? new StreamContent(new NoLengthStream(big)) : new ByteArrayContent(big);

        var response = await server.PostAsync("/v1/batch", content, app.WriteKey);

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();

        var response = await server.PostAsync("/v1/batch", Bodies.Json("""{"batch":[{"type":"track",}"""), app.WriteKey);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_json");
    }

    [Fact]
    public async Task More_events_than_the_batch_limit_is_400()
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();
        var events = Enumerable.Range(0, EventLimits.Default.MaxBatchEvents + 1)
            .Select(i => $$"""{"type":"track","anonymousId":"u{{i}}","event":"e"}""").ToArray();

        var response = await server.PostAsync("/v1/batch", Bodies.Gzip(Encoding.UTF8.GetBytes(Bodies.Batch(events))), app.WriteKey);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "too_many_events");
        Assert.Empty(await server.ReadLogAsync());
    }

    [Fact]
    public async Task Event_over_the_size_limit_is_413()
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();
        string big = Bodies.Track("u1", extra: $$""","properties":{"pad":"{{new string('x', 33 * 1024)}}"}""");

        var response = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u0"), big)), app.WriteKey);

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "event_too_large");
        Assert.Empty(await server.ReadLogAsync());
    }

    [Fact]
    public async Task Mixed_batch_appends_the_good_events_and_dead_letters_the_bad_ones()
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();
        const string NoUser = """{"type":"track","event":"Orphan"}""";
        const string BadTime = """{"type":"screen","userId":"u3","name":"Home","timestamp":"yesterday"}""";
        string body = Bodies.Batch(Bodies.Track("u1"), NoUser, Bodies.Track("u2"), BadTime, "42");

        var response = await server.PostAsync("/v1/batch", Bodies.Json(body), app.WriteKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal(3, json.RootElement.GetProperty("rejected").GetInt32());
        var errors = json.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("reason").GetString())).ToArray();
        Assert.Equal([(1, "missing_user"), (3, "invalid_timestamp"), (4, "not_an_object")], errors);

        var logged = await server.ReadLogAsync();
        Assert.Equal(["u1", "u2"], logged.Select(e => e.User).Order());

        var letters = (await server.DeadLettersAsync(app.App.Id)).OrderBy(l => l.Reason).ToArray();
        Assert.Equal([RejectReason.InvalidTimestamp, RejectReason.MissingUser, RejectReason.NotAnObject], letters.Select(l => l.Reason));
        Assert.Equal(BadTime, Encoding.UTF8.GetString(letters[0].RawEvent.Span));
        Assert.Equal(NoUser, Encoding.UTF8.GetString(letters[1].RawEvent.Span));
        Assert.Equal("42", Encoding.UTF8.GetString(letters[2].RawEvent.Span));
    }

    [Theory]
    [InlineData("track", EventType.Track, """{"userId":"u1","event":"Tapped"}""")]
    [InlineData("screen", EventType.Screen, """{"userId":"u1","name":"Home"}""")]
    [InlineData("identify", EventType.Identify, """{"userId":"u1","traits":{"plan":"pro"}}""")]
    [InlineData("page", EventType.Page, """{"anonymousId":"a1","name":"Pricing"}""")]
    [InlineData("group", EventType.Group, """{"userId":"u1","groupId":"g1"}""")]
    [InlineData("alias", EventType.Alias, """{"userId":"u1","previousId":"a1"}""")]
    public async Task Single_event_endpoints_take_the_type_from_the_path(string path, EventType type, string body)
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();

        var response = await server.PostAsync($"/v1/{path}", Bodies.Json(body), app.WriteKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, Assert.Single(await server.ReadLogAsync()).Type);
    }

    [Theory]
    [InlineData("/v1/b")]
    [InlineData("/v1/import")]
    public async Task Batch_aliases_work(string path)
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();

        var response = await server.PostAsync(path, Bodies.Json(Bodies.Batch(Bodies.Track("u1"))), app.WriteKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await server.ReadLogAsync());
    }

    [Fact]
    public async Task Log_failure_is_503_with_retry_after_and_nothing_acknowledged()
    {
        await using var server = await CollectorServer.StartAsync(new Dictionary<string, string?> { ["Tally:Collector:RetryAfterSeconds"] = "7" });
        var app = await server.CreateAppAsync();
        server.Faults.FailAppendsWith(new LogUnavailableException("disk full"));

        var response = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u1"))), app.WriteKey);

        await AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Empty(await server.ReadLogAsync());
    }

    [Fact]
    public async Task Dead_letter_store_failure_is_503_and_no_event_of_the_request_is_appended()
    {
        await using var server = await CollectorServer.StartAsync(
            services: s => s.AddSingleton<IDeadLetterStore, UnavailableDeadLetterStore>());
        var app = await server.CreateAppAsync();

        var response = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u1"), "{}")), app.WriteKey);

        await AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Empty(await server.ReadLogAsync());
    }

    [Fact]
    public async Task App_registry_failure_is_503_with_retry_after_and_nothing_appended()
    {
        await using var server = await CollectorServer.StartAsync(
            services: s => s.AddSingleton<IAppRegistry>(sp => new UnavailableAppRegistry(
                new SqliteAppRegistry(sp.GetRequiredService<SqliteDatabase>(), TimeProvider.System))));
        var app = await server.CreateAppAsync();

        var response = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u1"))), app.WriteKey);

        await AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Empty(await server.ReadLogAsync());
    }

    [Fact]
    public async Task The_200_arrives_only_after_the_append_completed()
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();
        var gate = server.Faults.HoldAppends();

        var pending = server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("u1"))), app.WriteKey);
        await server.Faults.AppendStarted.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(pending.IsCompleted, "The collector answered while the append was still in progress.");
        Assert.Empty(await server.ReadLogAsync());
        gate.SetResult();
        var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await server.ReadLogAsync());
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.False(error.GetProperty("success").GetBoolean());
        Assert.Equal(code, error.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    /// <summary>Hides the length so HttpClient sends the body chunked.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
