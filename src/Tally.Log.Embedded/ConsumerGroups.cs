namespace Tally.Log.Embedded;

/// <summary>The consumer groups of one open log, by name.</summary>
internal sealed class ConsumerGroups(EmbeddedEventLog log, string directory)
{
    // Names become file names, so they are limited to characters that are safe everywhere.
    private const int MaxGroupNameLength = 100;

    private readonly Dictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);

    public EmbeddedLogConsumer Join(string group)
    {
        ValidateName(group);
        ConsumerGroup consumerGroup;
        lock (_groups)
        {
            if (!_groups.TryGetValue(group, out consumerGroup!))
            {
                Directory.CreateDirectory(directory);
                consumerGroup = new ConsumerGroup(log, group, new GroupOffsetFile(Path.Combine(directory, group + ".offsets")));
                _groups.Add(group, consumerGroup);
            }
        }

        return consumerGroup.Join();
    }

    private static void ValidateName(string group)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        if (group.Length > MaxGroupNameLength || group[0] == '.'
            || !group.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new ArgumentException(
                $"A consumer group name has 1 to {MaxGroupNameLength} ASCII letters, digits, '.', '_' or '-' and does not start with '.'; got \"{group}\".",
                nameof(group));
        }
    }
}
