using Tally.Simulator.Model;

namespace Tally.Simulator.Planning;

/// <summary>Realistic property values for each kind of custom event.</summary>
internal static class EventProperties
{
    private static readonly (string Plan, double Price, double Weight)[] Plans =
        [("monthly", 4.99, 60), ("yearly", 39.99, 30), ("lifetime", 79.99, 10)];

    private static readonly string[] Categories = ["news", "travel", "work", "family", "sport", "ideas"];

    private static readonly string[] Sources = ["home", "search", "share", "notification"];

    public static IReadOnlyDictionary<string, object?>? Draw(Random random, PropertyKind kind, DeviceTraits device) => kind switch
    {
        PropertyKind.Purchase => Purchase(random, device),
        PropertyKind.Level => new Dictionary<string, object?>
        {
            ["level"] = 1 + random.Next(1 + (int)(device.Engagement * 20)),
            ["score"] = random.Next(100, 5000),
            ["difficulty"] = random.PickWeighted<string>([("easy", 3), ("normal", 5), ("hard", 2)]),
        },
        PropertyKind.Content => new Dictionary<string, object?>
        {
            ["category"] = random.Pick(Categories),
            ["source"] = random.Pick(Sources),
        },
        _ => null,
    };

    private static Dictionary<string, object?> Purchase(Random random, DeviceTraits device)
    {
        var (plan, price, _) = random.PickWeighted(Plans.Select(p => (p, p.Weight)).ToList());
        return new Dictionary<string, object?>
        {
            ["plan"] = plan,
            ["price"] = price,
            ["currency"] = device.Locale switch
            {
                "en-GB" => "GBP",
                "de-DE" or "fr-FR" or "es-ES" => "EUR",
                "pt-BR" => "BRL",
                "ja-JP" => "JPY",
                "hi-IN" => "INR",
                "en-AU" => "AUD",
                _ => "USD",
            },
        };
    }
}
