using System.Globalization;

namespace Tally.Log.Nats;

/// <summary>The JetStream names of one log. One stream per partition, so a stream sequence is a partition offset.</summary>
internal sealed class NatsNames(string prefix)
{
    public string Stream(int partition) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-p{partition}");

    public string Subject(int partition) => string.Create(CultureInfo.InvariantCulture, $"{prefix}.p.{partition}");

    /// <summary>Every partition's subject: finds the streams of this log.</summary>
    public string AllSubjects => $"{prefix}.p.*";

    /// <summary>Where each stream republishes the headers of a stored record, to wake waiting fetches.</summary>
    public string Appended(int partition) => string.Create(CultureInfo.InvariantCulture, $"{prefix}.appended.{partition}");

    public string AllAppended => $"{prefix}.appended.*";

    /// <summary>KV bucket of group members' heartbeats; its max age is the member timeout.</summary>
    public string MembersBucket => $"{prefix}-members";

    /// <summary>KV bucket of committed offsets, key <c>GROUP.PARTITION</c>.</summary>
    public string OffsetsBucket => $"{prefix}-offsets";

    public static string MemberKey(string group, string memberId) => $"{group}.{memberId}";

    public static string OffsetKey(string group, int partition) => string.Create(CultureInfo.InvariantCulture, $"{group}.{partition}");
}
