using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Tally.Log.Contract;

namespace Tally.Log.Nats.Tests;

/// <summary>One log with its own prefix (its own streams and buckets), deleted afterwards.</summary>
public sealed class NatsLogUnderTest(NatsLogOptions options) : LogUnderTest
{
    public NatsLogOptions Options { get; } = options;

    public override async Task<IEventLog> OpenAsync() => await NatsEventLog.OpenAsync(Options);

    public override async ValueTask DisposeAsync()
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = Options.Url });
        var js = new NatsJSContext(connection);
        var names = new NatsNames(Options.Prefix);
        for (var p = 0; p < Options.PartitionCount; p++)
        {
            await js.DeleteStreamAsync(names.Stream(p));
        }

        var kv = new NatsKVContext(js);
        await kv.DeleteStoreAsync(names.MembersBucket);
        await kv.DeleteStoreAsync(names.OffsetsBucket);
    }
}
