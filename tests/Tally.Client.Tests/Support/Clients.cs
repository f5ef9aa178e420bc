using Microsoft.Extensions.Time.Testing;

namespace Tally.Client.Tests.Support;

/// <summary>Options for tests: a fake clock, a storage directory of the test's own, and no automatic uploads unless asked.</summary>
public static class Clients
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static TallyClientOptions Options(Uri endpoint, string writeKey, TestStorage storage, FakeTimeProvider time) =>
        new(endpoint, writeKey)
        {
            StorageDirectory = storage.Directory,
            TimeProvider = time,
            FlushAt = 1_000,
            Context = new TallyContextInfo { AppName = "Test App", AppVersion = "1.2.3", AppBuild = "45", OsName = "iOS", OsVersion = "18.1", DeviceModel = "iPhone16,1", DeviceManufacturer = "Apple", DeviceType = "ios", Locale = "en-GB", Timezone = "Europe/London" },
        };

    public static FakeTimeProvider Clock() => new(Start);
}
