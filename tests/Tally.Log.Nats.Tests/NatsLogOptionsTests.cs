namespace Tally.Log.Nats.Tests;

public sealed class NatsLogOptionsTests
{
    [Theory]
    [InlineData("Url")]
    [InlineData("Prefix")]
    [InlineData("PartitionCount")]
    [InlineData("Replicas")]
    [InlineData("MemberTimeout")]
    public void An_invalid_setting_is_named_in_the_error(string setting)
    {
        var options = new NatsLogOptions { Url = "nats://127.0.0.1:4222" };
        switch (setting)
        {
            case "Url": options.Url = " "; break;
            case "Prefix": options.Prefix = "has.dot"; break;
            case "PartitionCount": options.PartitionCount = 0; break;
            case "Replicas": options.Replicas = 7; break;
            case "MemberTimeout": options.MemberTimeout = options.MemberHeartbeatInterval; break;
        }

        var error = Assert.Throws<ArgumentException>(() => new NatsEventLog(options));

        Assert.Contains($"Tally:Log:Nats:{setting}", error.Message, StringComparison.Ordinal);
    }
}
