using System.Text.Json;
using Tally.Core.Apps;
using Tally.Core.Metrics;
using Tally.Core.Sketches;
using Tally.Core.Views;
using Tally.Store.Sqlite;

namespace Tally.Benchmarks.Query;

/// <summary>
/// A SQLite view store holding what the batch layer leaves after <see cref="Days"/> days for
/// <see cref="AppCount"/> apps: per app and day, active users for the day and each hour, in total and
/// per app version (<see cref="Versions"/>), each with its HyperLogLog sketch; the watermark after the
/// last day. App sizes are skewed (the largest has <see cref="LargestDailyUsers"/> daily users, the
/// smallest about 1/34 of that), each day's users drawn from a population three times as large.
/// </summary>
internal sealed class BatchViewsFixture
{
    public const int AppCount = 100;

    /// <summary>90 days of series plus the 29 days before them that the first MAU window reaches.</summary>
    public const int Days = 119;

    public const int LargestDailyUsers = 20_000;

    public static readonly string[] Versions = ["3.2.0", "3.1.2", "3.1.0", "3.0.4", "2.9.1", "2.8.0"];

    // Users are active in this many (random) hours of their day: the hour cells' sizes.
    private const int HoursPerUser = 2;

    private BatchViewsFixture(IReadOnlyList<CreatedApp> apps, DateOnly lastDay)
    {
        Apps = apps;
        LastDay = lastDay;
    }

    public IReadOnlyList<CreatedApp> Apps { get; }

    public DateOnly LastDay { get; }

    /// <summary>
    /// The views in <paramref name="directory"/> if a fill completed there (its apps and read keys in
    /// <see cref="AppsFileName"/>, written last), else a new fill ending yesterday (UTC), so that every
    /// day is batch-served today. A reused fill from an earlier day simply ends earlier.
    /// </summary>
    public static async Task<BatchViewsFixture> OpenOrCreateAsync(string directory, CancellationToken cancellationToken)
    {
        var database = SqliteDatabase.InDataDirectory(directory);
        string appsFile = Path.Combine(directory, AppsFileName);
        if (File.Exists(appsFile))
        {
            await using var read = File.OpenRead(appsFile);
            var saved = await JsonSerializer.DeserializeAsync<SavedFixture>(read, cancellationToken: cancellationToken)
                ?? throw new InvalidDataException($"{appsFile} is empty.");
            return new BatchViewsFixture(saved.Apps, saved.LastDay);
        }
        await database.MigrateAsync(cancellationToken);
        var fixture = await CreateAsync(database, cancellationToken);
        await using var write = File.Create(appsFile);
        await JsonSerializer.SerializeAsync(write, new SavedFixture(fixture.Apps, fixture.LastDay), cancellationToken: cancellationToken);
        return fixture;
    }

    private const string AppsFileName = "bench-apps.json";

    private sealed record SavedFixture(IReadOnlyList<CreatedApp> Apps, DateOnly LastDay);

    private static async Task<BatchViewsFixture> CreateAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        var registry = new SqliteAppRegistry(database);
        var store = new SqliteViewStore(database);
        var apps = new List<CreatedApp>();
        for (int a = 0; a < AppCount; a++)
        {
            apps.Add(await registry.CreateAsync($"bench-app-{a:D3}", cancellationToken));
        }
        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var populations = apps.Select((_, a) => Population(a)).ToArray();
        var random = new Random(7);
        for (var day = lastDay.AddDays(1 - Days); day <= lastDay; day = day.AddDays(1))
        {
            var cells = new List<ViewCell>();
            for (int a = 0; a < apps.Count; a++)
            {
                AddAppDay(cells, apps[a].App.Id, day, populations[a], DailyUsers(a), random);
            }
            await store.CommitBatchAsync(new BatchCommit(day, null, cells, [], ArchiveVersion: 1, Watermark: day.AddDays(1)), cancellationToken);
        }
        return new BatchViewsFixture(apps, lastDay);
    }

    private static int DailyUsers(int app) => LargestDailyUsers * 3 / (3 + app);

    private static long[] Population(int app)
    {
        var users = new long[DailyUsers(app) * 3];
        for (int u = 0; u < users.Length; u++)
        {
            users[u] = HyperLogLog.HashOf($"app{app}-user{u}");
        }
        return users;
    }

    private static void AddAppDay(List<ViewCell> cells, string appId, DateOnly day, long[] population, int dailyUsers, Random random)
    {
        // Partial Fisher-Yates: the first dailyUsers entries become a uniform sample without repeats.
        for (int i = 0; i < dailyUsers; i++)
        {
            int j = random.Next(i, population.Length);
            (population[i], population[j]) = (population[j], population[i]);
        }
        var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var total = new Sketch(dailyUsers);
        var byVersion = Versions.Select(_ => new Sketch()).ToArray();
        var hours = Enumerable.Range(0, 24).Select(_ => new Sketch()).ToArray();
        var hoursByVersion = Enumerable.Range(0, 24).Select(_ => Versions.Select(_ => new Sketch()).ToArray()).ToArray();
        for (int i = 0; i < dailyUsers; i++)
        {
            long user = population[i];
            // Roll-out skew: each older release has about half the users of the next.
            int version = Math.Min(Versions.Length - 1, (int)Math.Floor(-Math.Log2(1 - random.NextDouble())));
            total.Add(user);
            byVersion[version].Add(user);
            for (int h = 0; h < HoursPerUser; h++)
            {
                int hour = random.Next(24);
                hours[hour].Add(user);
                hoursByVersion[hour][version].Add(user);
            }
        }
        total.AddCellTo(cells, appId, Dimension.TotalName, Dimension.TotalValue, BucketSize.Day, dayStart);
        for (int v = 0; v < Versions.Length; v++)
        {
            byVersion[v].AddCellTo(cells, appId, Dimension.AppVersion.Name, Versions[v], BucketSize.Day, dayStart);
        }
        for (int h = 0; h < 24; h++)
        {
            var hourStart = dayStart.AddHours(h);
            hours[h].AddCellTo(cells, appId, Dimension.TotalName, Dimension.TotalValue, BucketSize.Hour, hourStart);
            for (int v = 0; v < Versions.Length; v++)
            {
                hoursByVersion[h][v].AddCellTo(cells, appId, Dimension.AppVersion.Name, Versions[v], BucketSize.Hour, hourStart);
            }
        }
    }

    /// <summary>A distinct-users cell being built: the exact set (the batch layer's value) and its sketch.</summary>
    private sealed class Sketch(int capacity = 0)
    {
        private readonly HashSet<long> _users = new(capacity);
        private readonly HyperLogLog _sketch = HyperLogLog.Create();

        public void Add(long user)
        {
            if (_users.Add(user))
            {
                _sketch.AddHash(user);
            }
        }

        /// <summary>Adds the cell unless it has no users: the batch layer writes no cell for a value nobody had.</summary>
        public void AddCellTo(List<ViewCell> cells, string appId, string dimension, string value, BucketSize size, DateTimeOffset start)
        {
            if (_users.Count > 0)
            {
                var key = new ViewKey(appId, Metrics.ActiveUsers.Name, Dimension.TotalValue, dimension, value, size, start);
                cells.Add(new ViewCell(key, _users.Count, _sketch.ToBytes()));
            }
        }
    }
}
