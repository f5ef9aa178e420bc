using Tally.Archive.Archiving;

namespace Tally.Archive.Tests.Archiving;

public sealed class ArchiverOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid() =>
        Assert.True(new ArchiverOptionsValidator().Validate(null, new ArchiverOptions()).Succeeded);

    [Fact]
    public void Each_failure_names_its_setting()
    {
        var options = new ArchiverOptions
        {
            ConsumerGroup = " ",
            FlushInterval = TimeSpan.FromSeconds(1),
            FetchMaxWait = TimeSpan.FromSeconds(2),
            FlushMaxRecords = 0,
            FetchMaxRecords = 0,
            MaxRetryDelay = TimeSpan.Zero,
        };

        var result = new ArchiverOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (string setting in new[] { "ConsumerGroup", "FetchMaxWait", "FlushMaxRecords", "FetchMaxRecords", "MaxRetryDelay" })
        {
            Assert.Contains($"Tally:Archive:{setting}", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
