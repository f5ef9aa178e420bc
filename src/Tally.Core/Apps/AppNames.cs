namespace Tally.Core.Apps;

/// <summary>The rule for app names, the same in every <see cref="IAppRegistry"/> and in the CLI.</summary>
public static class AppNames
{
    /// <summary>Longest app name accepted; names are labels on a dashboard, not documents.</summary>
    public const int MaxLength = 100;

    /// <summary>The name as stored: trimmed.</summary>
    /// <exception cref="ArgumentException">The name is empty or longer than <see cref="MaxLength"/>.</exception>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("An app name must not be empty.", nameof(name));
        }

        if (trimmed.Length > MaxLength)
        {
            throw new ArgumentException($"An app name must be at most {MaxLength} characters.", nameof(name));
        }

        return trimmed;
    }
}
