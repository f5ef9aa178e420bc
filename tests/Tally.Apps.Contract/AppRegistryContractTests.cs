using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tally.Core.Apps;

namespace Tally.Apps.Contract;

/// <summary>
/// What every <see cref="IAppRegistry"/> must do. Subclass it with access to a fresh, empty store of
/// the implementation under test; xunit makes one instance per test, so each test has its own store.
/// </summary>
public abstract class AppRegistryContractTests
{
    /// <summary>A registry on a new, empty, migrated store that no other test uses.</summary>
    protected abstract Task<IAppRegistry> CreateRegistryAsync(TimeProvider clock);

    /// <summary>A second registry on the store of <see cref="CreateRegistryAsync"/>, as another process (or machine) would open it.</summary>
    protected abstract IAppRegistry OpenSecondRegistry();

    /// <summary>Inserts an app row directly, as another process would, with the given key hashes.</summary>
    protected abstract Task InsertAppAsync(string id, string name, byte[] writeKeyHash, byte[] readKeyHash);

    /// <summary>Every column value of every stored app, as read back from the store.</summary>
    protected abstract Task<IReadOnlyList<object>> ReadStoredAppColumnsAsync();

    private Task<IAppRegistry> CreateRegistryAsync() => CreateRegistryAsync(TimeProvider.System);

    [Fact]
    public async Task Create_issues_distinct_prefixed_url_safe_keys()
    {
        var registry = await CreateRegistryAsync();

        var created = await registry.CreateAsync("  Weather  ");

        Assert.Equal("Weather", created.App.Name);
        Assert.Matches("^app_[a-z2-7]{12}$", created.App.Id);
        Assert.Matches("^wk_[A-Za-z0-9_-]{43}$", created.WriteKey);
        Assert.Matches("^rk_[A-Za-z0-9_-]{43}$", created.ReadKey);
        Assert.NotEqual(created.WriteKey[3..], created.ReadKey[3..]);
    }

    [Fact]
    public async Task Created_apps_are_listed_and_found_by_their_keys()
    {
        var registry = await CreateRegistryAsync();
        var weather = await registry.CreateAsync("Weather");
        var notes = await registry.CreateAsync("Notes");

        var listed = await registry.ListAsync();

        Assert.Equal([weather.App, notes.App], listed);
        Assert.Equal(weather.App, await registry.FindByWriteKeyAsync(weather.WriteKey));
        Assert.Equal(notes.App, await registry.FindByReadKeyAsync(notes.ReadKey));
    }

    [Fact]
    public async Task A_key_only_opens_its_own_kind_of_lookup()
    {
        var registry = await CreateRegistryAsync();
        var app = await registry.CreateAsync("Weather");

        Assert.Null(await registry.FindByWriteKeyAsync(app.ReadKey));
        Assert.Null(await registry.FindByReadKeyAsync(app.WriteKey));
        Assert.Null(await registry.FindByWriteKeyAsync("wk_unknown"));
        Assert.Null(await registry.FindByWriteKeyAsync(""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_name_is_rejected(string name)
    {
        var registry = await CreateRegistryAsync();

        await Assert.ThrowsAsync<ArgumentException>(async () => await registry.CreateAsync(name));
        Assert.Empty(await registry.ListAsync());
    }

    [Fact]
    public async Task A_name_longer_than_the_limit_is_rejected()
    {
        var registry = await CreateRegistryAsync();

        await Assert.ThrowsAsync<ArgumentException>(async () => await registry.CreateAsync(new string('x', AppNames.MaxLength + 1)));
        Assert.Equal(AppNames.MaxLength, (await registry.CreateAsync(new string('x', AppNames.MaxLength))).App.Name.Length);
    }

    [Fact]
    public async Task Keys_are_stored_only_as_sha256_hashes()
    {
        var registry = await CreateRegistryAsync();
        var created = await registry.CreateAsync("Weather");

        var stored = (await ReadStoredAppColumnsAsync()).Select(value => value switch
        {
            byte[] bytes => Encoding.Latin1.GetString(bytes) + Convert.ToHexString(bytes) + Convert.ToBase64String(bytes),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        });

        var everything = string.Join('|', stored);
        foreach (var key in new[] { created.WriteKey, created.ReadKey })
        {
            Assert.DoesNotContain(key[3..], everything, StringComparison.Ordinal);
            Assert.Contains(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))), everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_second_registry_on_the_same_store_finds_apps_the_first_creates()
    {
        // `tally apps create` in a second terminal, or a collector on another machine.
        var cli = await CreateRegistryAsync();
        var server = OpenSecondRegistry();

        var created = await cli.CreateAsync("Weather");

        Assert.Equal(created.App, await server.FindByWriteKeyAsync(created.WriteKey));
        Assert.Equal(created.App, await server.FindByWriteKeyAsync(created.WriteKey));
        Assert.Equal(created.App, await server.FindByReadKeyAsync(created.ReadKey));
        Assert.Equal([created.App], await server.ListAsync());
    }

    [Fact]
    public async Task A_rejected_key_is_believed_unknown_only_briefly()
    {
        var clock = new ManualTimeProvider();
        var server = await CreateRegistryAsync(clock);
        const string WriteKey = "wk_chosen-by-the-test";

        Assert.Null(await server.FindByWriteKeyAsync(WriteKey));

        // Another process adds the app that owns the key the server just rejected.
        await InsertAppAsync("app_late", "Late", SHA256.HashData(Encoding.UTF8.GetBytes(WriteKey)), SHA256.HashData(Encoding.UTF8.GetBytes("rk_unused")));

        Assert.Null(await server.FindByWriteKeyAsync(WriteKey));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("app_late", (await server.FindByWriteKeyAsync(WriteKey))?.Id);
    }
}
