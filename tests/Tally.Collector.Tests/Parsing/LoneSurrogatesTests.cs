using System.Text;
using Tally.Collector.Parsing;

namespace Tally.Collector.Tests.Parsing;

public class LoneSurrogatesTests
{
    [Theory]
    [InlineData("""{"a":"plain"}""", false)]
    [InlineData("""{"a":"\ud83d\ude00"}""", false)]
    [InlineData("""{"a":"\u00e9\n\"\\"}""", false)]
    [InlineData("""{"a":"\\ud800"}""", false)]
    [InlineData("""{"a":"\ud800"}""", true)]
    [InlineData("""{"a":"\udc00"}""", true)]
    [InlineData("""{"a":"\ud800x\udc00"}""", true)]
    [InlineData("""{"a":"\ud800\n"}""", true)]
    [InlineData("""{"a":"\ude00\ud83d"}""", true)]
    [InlineData("""{"a":"\\\ud800"}""", true)]
    public void Finds_unpaired_surrogate_escapes_only(string json, bool expected) =>
        Assert.Equal(expected, LoneSurrogates.AnyIn(Encoding.UTF8.GetBytes(json)));
}
