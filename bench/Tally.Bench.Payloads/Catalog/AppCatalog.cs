namespace Tally.Bench.Payloads.Catalog;

/// <summary>The properties a track event carries; each shape matches a common mobile use case.</summary>
internal enum PropertyShape
{
    /// <summary>In-app purchase: order id, price, currency, items.</summary>
    Purchase,

    /// <summary>Game progress: level, score, duration, difficulty.</summary>
    Level,

    /// <summary>Content consumed (article, workout, video): id, category, position, duration.</summary>
    Content,

    /// <summary>A UI interaction: which control on which screen.</summary>
    Tap,
}

/// <summary>A custom track event an app sends, and the shape of its properties.</summary>
internal sealed record TrackEventKind(string Name, PropertyShape Shape);

/// <summary>A released app version; <c>Build</c> is the store build number.</summary>
internal sealed record AppRelease(string Version, string Build);

/// <summary>An app as its SDK describes itself, with its screens and custom events.</summary>
internal sealed record AppProfile(
    string Name,
    string Namespace,
    WeightedChoice<AppRelease> Releases,
    WeightedChoice<string> Screens,
    WeightedChoice<TrackEventKind> TrackEvents,
    IReadOnlyList<string> Categories);

/// <summary>
/// Five apps of different kinds, so that event names and property shapes vary. Releases are
/// listed newest first with a roll-out skew: most users on the latest, a tail on old versions.
/// </summary>
internal static class AppCatalog
{
    public static readonly WeightedChoice<AppProfile> Apps = new(
        (new AppProfile(
            "Puzzle Quest",
            "com.tallyapps.puzzlequest",
            Releases(("4.2.0", "4200"), ("4.1.3", "4130"), ("4.1.2", "4120"), ("4.0.0", "4000"), ("3.9.7", "3970")),
            new(("Home", 30), ("Level Map", 25), ("Game", 30), ("Shop", 10), ("Settings", 5)),
            new(
                (new TrackEventKind("Level Started", PropertyShape.Level), 30),
                (new TrackEventKind("Level Completed", PropertyShape.Level), 22),
                (new TrackEventKind("Level Failed", PropertyShape.Level), 10),
                (new TrackEventKind("Booster Used", PropertyShape.Tap), 15),
                (new TrackEventKind("Order Completed", PropertyShape.Purchase), 3)),
            ["gems", "lives", "boosters", "no_ads"]), 35),
        (new AppProfile(
            "FitTrack",
            "io.fittrack.app",
            Releases(("2.14.1", "514"), ("2.14.0", "512"), ("2.13.2", "507"), ("2.12.0", "490"), ("2.10.5", "462")),
            new(("Today", 35), ("Workout", 30), ("History", 15), ("Profile", 10), ("Paywall", 10)),
            new(
                (new TrackEventKind("Workout Started", PropertyShape.Content), 30),
                (new TrackEventKind("Workout Completed", PropertyShape.Content), 22),
                (new TrackEventKind("Goal Edited", PropertyShape.Tap), 8),
                (new TrackEventKind("Subscription Started", PropertyShape.Purchase), 2)),
            ["running", "cycling", "yoga", "strength", "hiit"]), 20),
        (new AppProfile(
            "ShopNow",
            "com.shopnow.mobile",
            Releases(("7.3.0", "70300"), ("7.2.1", "70201"), ("7.2.0", "70200"), ("7.1.4", "70104"), ("6.9.0", "60900")),
            new(("Home", 25), ("Search", 20), ("Product", 30), ("Cart", 15), ("Checkout", 10)),
            new(
                (new TrackEventKind("Product Viewed", PropertyShape.Content), 40),
                (new TrackEventKind("Product Added", PropertyShape.Tap), 15),
                (new TrackEventKind("Checkout Started", PropertyShape.Tap), 6),
                (new TrackEventKind("Order Completed", PropertyShape.Purchase), 4)),
            ["shoes", "electronics", "home", "beauty", "toys", "books"]), 25),
        (new AppProfile(
            "NewsDaily",
            "net.newsdaily.reader",
            Releases(("5.0.2", "1502"), ("5.0.1", "1501"), ("4.9.0", "1490"), ("4.8.3", "1483"), ("4.7.0", "1470")),
            new(("Feed", 45), ("Article", 35), ("Saved", 10), ("Settings", 10)),
            new(
                (new TrackEventKind("Article Read", PropertyShape.Content), 50),
                (new TrackEventKind("Article Shared", PropertyShape.Tap), 8),
                (new TrackEventKind("Push Opened", PropertyShape.Tap), 10),
                (new TrackEventKind("Subscription Started", PropertyShape.Purchase), 1)),
            ["world", "business", "sports", "tech", "culture"]), 12),
        (new AppProfile(
            "ChatterBox",
            "chat.chatterbox.android",
            Releases(("12.8.0", "1280"), ("12.7.2", "1272"), ("12.7.1", "1271"), ("12.6.0", "1260"), ("12.4.3", "1243")),
            new(("Chats", 50), ("Conversation", 35), ("Contacts", 10), ("Settings", 5)),
            new(
                (new TrackEventKind("Message Sent", PropertyShape.Tap), 50),
                (new TrackEventKind("Sticker Sent", PropertyShape.Tap), 15),
                (new TrackEventKind("Voice Note Played", PropertyShape.Content), 10),
                (new TrackEventKind("Sticker Pack Bought", PropertyShape.Purchase), 1)),
            ["classic", "animals", "memes", "seasonal"]), 8));

    /// <summary>Newest first; each older release has roughly half the users of the one after it.</summary>
    private static WeightedChoice<AppRelease> Releases(params (string Version, string Build)[] newestFirst)
    {
        var weight = 50.0;
        var entries = new (AppRelease, double)[newestFirst.Length];
        for (var i = 0; i < newestFirst.Length; i++)
        {
            entries[i] = (new AppRelease(newestFirst[i].Version, newestFirst[i].Build), weight);
            weight /= 2;
        }

        return new WeightedChoice<AppRelease>(entries);
    }
}
