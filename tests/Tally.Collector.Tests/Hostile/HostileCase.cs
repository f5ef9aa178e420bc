namespace Tally.Collector.Tests.Hostile;

/// <summary>
/// One hostile request body and what the collector must answer: a 4xx with <paramref name="Reason"/>
/// as its <c>error</c> code, or — for an event that is bad inside a good batch — 200 with the event
/// dead-lettered under <paramref name="Reason"/>.
/// </summary>
public sealed record HostileCase(string Name, byte[] Body, bool Gzip, int Status, string Reason)
{
    public override string ToString() => Name;
}
