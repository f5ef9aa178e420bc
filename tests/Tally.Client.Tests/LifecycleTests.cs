using Tally.Client.Tests.Support;

namespace Tally.Client.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Synchronous_dispose_persists_and_releases_the_storage_at_once()
    {
        using var storage = new TestStorage();
        var time = Clients.Clock();
        var options = Clients.Options(new Uri("http://127.0.0.1:9/"), "key", storage, time);
        var client = new TallyClient(options);
        client.Track("kept");
        client.Dispose();

        Assert.Throws<ObjectDisposedException>(() => client.Track("too late"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.FlushAsync());
        await using var next = new TallyClient(options);
        Assert.Equal(1, next.Stats.QueuedEvents);
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        var options = new TallyClientOptions(new Uri("http://127.0.0.1:9/"), "key") { FlushInterval = TimeSpan.Zero };
        var error = Assert.Throws<ArgumentException>(() => new TallyClient(options));
        Assert.Equal(nameof(TallyClientOptions.FlushInterval), error.ParamName);
    }
}
