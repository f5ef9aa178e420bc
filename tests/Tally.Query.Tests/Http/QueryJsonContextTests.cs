using System.Text.Json;
using Tally.Query.Http;
using static Tally.Query.Tests.Cells;

namespace Tally.Query.Tests.Http;

public class QueryJsonContextTests
{
    [Fact]
    public void A_series_serialises_as_the_reflection_based_web_defaults_write_it()
    {
        var freshness = new Freshness(Today, BatchLate: false, Now.AddDays(-2), LiveStale: true, LiveAgeSeconds: null);
        var response = new MetricResponse("app_1", "active_users", "day", At(Today.AddDays(-1)), At(Today.AddDays(1)), "app_version", Event: null,
            freshness, [new Series("3.2.0", [
                new Point(At(Today.AddDays(-1)), 12, "batch", Approximate: false, StandardError: null),
                new Point(At(Today), 13.5, "speed", Approximate: true, StandardError: 0.109),
                new Point(At(Today, 1), null, "mixed", Approximate: true, StandardError: null)])]);

        string generated = JsonSerializer.Serialize(response, QueryJsonContext.Default.MetricResponse);
        string reflected = JsonSerializer.Serialize(response, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal(reflected, generated);
    }
}
