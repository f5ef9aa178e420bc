using System.Text.Json;
using Tally.Core.Views;
using static Tally.Query.Tests.Cells;

namespace Tally.Query.Tests.Http;

/// <summary>The Lambda merge as the API serves it, over a real SQLite view store filled through both layers' commits.</summary>
public class MergeApiTests
{
    private static readonly DateOnly Yesterday = Today.AddDays(-1);
    private static readonly DateOnly Monday = new(2025, 3, 10);

    [Fact]
    public async Task Day_switches_from_speed_to_batch_and_becomes_exact_when_the_watermark_moves()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        string id = app.App.Id;
        await server.Views.CommitBatchAsync(Batch(Monday, watermark: Yesterday,
            Users(id, "active_users", BucketSize.Day, At(Monday), "a", "d")));
        await server.Views.CommitSpeedAsync(Speed(
            Users(id, "active_users", BucketSize.Hour, At(Yesterday, 9), "a", "b"),
            Users(id, "active_users", BucketSize.Hour, At(Yesterday, 10), "b", "c")));
        string path = $"/api/v1/apps/{id}/metrics/active_users?from=2025-03-10&to=2025-03-11";

        var before = Points(await server.GetJsonAsync(path, app.ReadKey));

        AssertPoint(before[0], 2, "batch", approximate: false);
        AssertPoint(before[1], 3, "speed", approximate: true);
        Assert.True(before[1].GetProperty("standardError").GetDouble() > 0);

        await server.Views.CommitBatchAsync(Batch(Yesterday, watermark: Today,
            Users(id, "active_users", BucketSize.Day, At(Yesterday), "a", "b", "c")));
        var after = Points(await server.GetJsonAsync(path, app.ReadKey));

        AssertPoint(after[1], 3, "batch", approximate: false);
        Assert.Equal(JsonValueKind.Null, after[1].GetProperty("standardError").ValueKind);
    }

    [Fact]
    public async Task Week_spanning_the_watermark_unions_batch_and_speed_sketches_and_is_mixed()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        string id = app.App.Id;
        await server.Views.CommitBatchAsync(Batch(Monday, watermark: Yesterday,
            Users(id, "active_users", BucketSize.Day, At(Monday), "a", "d")));
        await server.Views.CommitSpeedAsync(Speed(Users(id, "active_users", BucketSize.Hour, At(Yesterday, 9), "a", "b", "c")));

        var points = Points(await server.GetJsonAsync(
            $"/api/v1/apps/{id}/metrics/active_users?from=2025-03-10&to=2025-03-16&interval=week", app.ReadKey));

        AssertPoint(Assert.Single(points), 4, "mixed", approximate: true);
    }

    [Fact]
    public async Task Counts_add_across_layers_and_sessions_of_speed_days_are_approximate()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        string id = app.App.Id;
        await server.Views.CommitBatchAsync(Batch(Monday, watermark: Yesterday,
            Count(id, "sessions", "all", BucketSize.Day, At(Monday), 10)));
        await server.Views.CommitSpeedAsync(Speed(
            Count(id, "sessions", "all", BucketSize.Hour, At(Yesterday, 1), 4),
            Count(id, "sessions", "all", BucketSize.Hour, At(Yesterday, 2), 5)));

        var week = Points(await server.GetJsonAsync(
            $"/api/v1/apps/{id}/metrics/sessions?from=2025-03-10&to=2025-03-11&interval=week", app.ReadKey));
        var days = Points(await server.GetJsonAsync($"/api/v1/apps/{id}/metrics/sessions?from=2025-03-10&to=2025-03-11", app.ReadKey));

        AssertPoint(Assert.Single(week), 19, "mixed", approximate: true);
        AssertPoint(days[0], 10, "batch", approximate: false);
        AssertPoint(days[1], 9, "speed", approximate: true);
    }

    [Fact]
    public async Task Late_batch_is_filled_in_by_speed_cells_and_flagged()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        string id = app.App.Id;
        var twoDaysAgo = Today.AddDays(-2);
        await server.Views.CommitBatchAsync(Batch(twoDaysAgo.AddDays(-1), watermark: twoDaysAgo));
        await server.Views.CommitSpeedAsync(Speed(Users(id, "active_users", BucketSize.Hour, At(twoDaysAgo, 5), "a", "b")));

        var body = await server.GetJsonAsync($"/api/v1/apps/{id}/metrics/active_users?from=2025-03-10&to=2025-03-11", app.ReadKey);

        Assert.True(body.GetProperty("freshness").GetProperty("batchLate").GetBoolean());
        AssertPoint(Points(body)[0], 2, "speed", approximate: true);
    }

    [Fact]
    public async Task Live_data_goes_stale_when_the_speed_layer_stops_progressing_with_records_waiting()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        await server.Log.AppendAsync(0, new byte[] { 1, 2, 3 });
        string path = $"/api/v1/apps/{app.App.Id}/metrics/active_users";

        var first = (await server.GetJsonAsync(path, app.ReadKey)).GetProperty("freshness");
        server.Clock.Advance(TimeSpan.FromMinutes(2));
        var later = (await server.GetJsonAsync(path, app.ReadKey)).GetProperty("freshness");
        long end = (await server.Log.GetBoundsAsync(0)).End;
        await server.Views.CommitSpeedAsync(Speed() with { Offsets = new Dictionary<int, long> { [0] = end } });
        var caughtUp = (await server.GetJsonAsync(path, app.ReadKey)).GetProperty("freshness");

        Assert.False(first.GetProperty("liveStale").GetBoolean());
        Assert.True(later.GetProperty("liveStale").GetBoolean());
        Assert.Equal(120, later.GetProperty("liveAgeSeconds").GetDouble());
        Assert.False(caughtUp.GetProperty("liveStale").GetBoolean());
    }

    [Fact]
    public async Task Wau_unions_the_seven_days_ending_with_each_bucket()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        string id = app.App.Id;
        var cells = Enumerable.Range(0, 8)
            .Select(i => Users(id, "active_users", BucketSize.Day, At(new DateOnly(2025, 3, 3).AddDays(i)), "u" + i, "shared"))
            .ToArray();
        await server.Views.CommitBatchAsync(Batch(new DateOnly(2025, 3, 3), watermark: Today, cells));

        var points = Points(await server.GetJsonAsync($"/api/v1/apps/{id}/metrics/wau?from=2025-03-09&to=2025-03-10", app.ReadKey));

        // 9 March: days 3..9 = u0..u6 + shared; 10 March: days 4..10 = u1..u7 + shared.
        AssertPoint(points[0], 8, "batch", approximate: false);
        AssertPoint(points[1], 8, "batch", approximate: false);
    }

    [Fact]
    public async Task Crash_free_users_is_one_minus_crashed_over_active()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        string id = app.App.Id;
        await server.Views.CommitBatchAsync(Batch(Monday, watermark: Today,
            Users(id, "active_users", BucketSize.Day, At(Monday), "a", "b", "c", "d"),
            Users(id, "crashed_users", BucketSize.Day, At(Monday), "c")));

        var points = Points(await server.GetJsonAsync($"/api/v1/apps/{id}/metrics/crash_free_users?from=2025-03-10&to=2025-03-10", app.ReadKey));

        AssertPoint(Assert.Single(points), 0.75, "batch", approximate: false);
    }

    [Fact]
    public async Task Breakdown_keeps_the_top_values_by_total()
    {
        await using var server = await QueryServer.StartAsync();
        var app = await server.CreateAppAsync();
        string id = app.App.Id;
        await server.Views.CommitBatchAsync(Batch(Monday, watermark: Today,
            Users(id, "active_users", "app_version", "1.0", BucketSize.Day, At(Monday), "a"),
            Users(id, "active_users", "app_version", "2.0", BucketSize.Day, At(Monday), "b", "c", "d"),
            Users(id, "active_users", "app_version", "3.0", BucketSize.Day, At(Monday), "e", "f")));

        var body = await server.GetJsonAsync(
            $"/api/v1/apps/{id}/metrics/active_users?from=2025-03-10&to=2025-03-10&breakdown=app_version&limit=2", app.ReadKey);

        Assert.Equal(["2.0", "3.0"], body.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("value").GetString()));
    }

    private static JsonElement[] Points(JsonElement body) =>
        [.. Assert.Single(body.GetProperty("series").EnumerateArray()).GetProperty("points").EnumerateArray()];

    private static void AssertPoint(JsonElement point, double value, string source, bool approximate)
    {
        Assert.Equal(value, point.GetProperty("value").GetDouble(), 6);
        Assert.Equal(source, point.GetProperty("source").GetString());
        Assert.Equal(approximate, point.GetProperty("approximate").GetBoolean());
    }
}
