using System.Text.Json;
using Tally.Core.Views;
using static Tally.Query.Tests.Cells;

namespace Tally.Query.Tests.Http;

public class OtherEndpointTests
{
    private static readonly DateOnly Monday = new(2025, 3, 10);

    [Fact]
    public async Task Live_unions_minute_sketches_over_5_and_30_minutes_and_compares_hours_with_a_week_ago()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        string id = app.App.Id;
        var minute = new DateTimeOffset(2025, 3, 12, 10, 30, 0, TimeSpan.Zero);
        await server.Views.CommitBatchAsync(Batch(Today.AddDays(-7), watermark: Today,
            Users(id, "active_users", BucketSize.Hour, At(Today.AddDays(-7), 9), "old1", "old2")));
        await server.Views.CommitSpeedAsync(Speed(
            Users(id, "active_users", BucketSize.Minute, minute, "a", "b"),
            Users(id, "active_users", BucketSize.Minute, minute.AddMinutes(-3), "b", "c"),
            Users(id, "active_users", BucketSize.Minute, minute.AddMinutes(-20), "d"),
            Users(id, "active_users", BucketSize.Hour, At(Today, 9), "a", "b", "c")));

        var body = await server.GetJsonAsync($"/api/v1/apps/{id}/live", app.ReadKey);

        Assert.Equal(3, body.GetProperty("activeLast5Minutes").GetProperty("value").GetDouble());
        Assert.Equal(4, body.GetProperty("activeLast30Minutes").GetProperty("value").GetDouble());
        var today = body.GetProperty("today").EnumerateArray().ToArray();
        var weekAgo = body.GetProperty("weekAgo").EnumerateArray().ToArray();
        Assert.Equal(11, today.Length);
        Assert.Equal(3, today[9].GetProperty("value").GetDouble());
        Assert.Equal("speed", today[9].GetProperty("source").GetString());
        Assert.Equal(2, weekAgo[9].GetProperty("value").GetDouble());
        Assert.Equal("batch", weekAgo[9].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Events_lists_names_by_count_with_their_users()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        string id = app.App.Id;
        await server.Views.CommitBatchAsync(Batch(Monday, watermark: Today,
            Count(id, "events", "Purchase", BucketSize.Day, At(Monday), 3),
            Count(id, "events", "Song Played", BucketSize.Day, At(Monday), 7),
            UsersOfEvent(id, "Purchase", "a"),
            UsersOfEvent(id, "Song Played", "a", "b")));

        var body = await server.GetJsonAsync($"/api/v1/apps/{id}/events?from=2025-03-10&to=2025-03-11", app.ReadKey);

        var events = body.GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal(["Song Played", "Purchase"], events.Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(7, events[0].GetProperty("count").GetDouble());
        Assert.Equal(2, events[0].GetProperty("users").GetDouble());
    }

    [Fact]
    public async Task Event_users_without_event_unions_users_of_every_event()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        string id = app.App.Id;
        await server.Views.CommitBatchAsync(Batch(Monday, watermark: Today,
            UsersOfEvent(id, "Purchase", "a"), UsersOfEvent(id, "Song Played", "a", "b")));

        var all = await server.GetJsonAsync($"/api/v1/apps/{id}/metrics/event_users?from=2025-03-10&to=2025-03-10", app.ReadKey);
        var one = await server.GetJsonAsync($"/api/v1/apps/{id}/metrics/event_users?from=2025-03-10&to=2025-03-10&event=Purchase", app.ReadKey);

        Assert.Equal(2, FirstValue(all));
        Assert.Equal(1, FirstValue(one));
    }

    [Fact]
    public async Task Retention_reports_cohort_sizes_and_shares_known_so_far()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        string id = app.App.Id;
        await server.Views.CommitBatchAsync(Batch(Monday, watermark: Today,
            Count(id, "new_users", "all", BucketSize.Day, At(Monday), 4),
            Retained(id, 1, Monday, 2)));

        var body = await server.GetJsonAsync($"/api/v1/apps/{id}/retention?from=2025-03-10&to=2025-03-10&days=1,7", app.ReadKey);

        var cohort = Assert.Single(body.GetProperty("cohorts").EnumerateArray());
        Assert.Equal(4, cohort.GetProperty("size").GetDouble());
        var retained = cohort.GetProperty("retained").EnumerateArray().ToArray();
        Assert.Equal(0.5, retained[0].GetProperty("share").GetDouble());
        Assert.Equal(JsonValueKind.Null, retained[1].GetProperty("count").ValueKind);
    }

    [Fact]
    public async Task Status_reports_speed_lag_per_partition_and_the_batch_watermark()
    {
        await using var server = await QueryServer.StartAsync();
        await server.Log.AppendAsync(0, new byte[] { 1 });
        await server.Log.AppendAsync(0, new byte[] { 2 });
        await server.Views.CommitBatchAsync(Batch(Monday, watermark: Today.AddDays(-1)));

        var body = await server.GetJsonAsync("/api/v1/status", QueryServer.AdminToken);

        Assert.True(body.GetProperty("speed").GetProperty("offsetsBehind").GetInt64() > 0);
        Assert.Equal("2025-03-11", body.GetProperty("batch").GetProperty("watermark").GetString());
        Assert.False(body.GetProperty("batch").GetProperty("late").GetBoolean());
    }

    private static ViewCell UsersOfEvent(string app, string eventName, params string[] users)
    {
        var cell = Users(app, "event_users", BucketSize.Day, At(Monday), users);
        return cell with { Key = cell.Key with { Key = eventName } };
    }

    private static double FirstValue(JsonElement body) =>
        Assert.Single(body.GetProperty("series").EnumerateArray()).GetProperty("points")[0].GetProperty("value").GetDouble();
}
