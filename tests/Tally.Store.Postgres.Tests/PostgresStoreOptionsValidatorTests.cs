namespace Tally.Store.Postgres.Tests;

public sealed class PostgresStoreOptionsValidatorTests
{
    private readonly PostgresStoreOptionsValidator _validator = new();

    [Fact]
    public void Valid_options_pass()
    {
        var result = _validator.Validate(null, new PostgresStoreOptions { ConnectionString = "Host=db;Username=tally", Schema = "tally_eu" });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void A_missing_connection_string_names_the_setting()
    {
        var result = _validator.Validate(null, new PostgresStoreOptions());

        Assert.Contains("Tally:Views:Postgres:ConnectionString", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_names_the_setting()
    {
        var result = _validator.Validate(null, new PostgresStoreOptions { ConnectionString = "Hots=db" });

        Assert.Contains("Tally:Views:Postgres:ConnectionString", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Tally")]
    [InlineData("tally-eu")]
    public void A_schema_that_is_not_a_plain_identifier_names_the_setting(string schema)
    {
        var result = _validator.Validate(null, new PostgresStoreOptions { ConnectionString = "Host=db", Schema = schema });

        Assert.Contains("Tally:Views:Postgres:Schema", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
