namespace Tally.Core.Archive;

/// <summary>
/// The rules every <see cref="IObjectStore"/> applies to keys, so that a key means the same
/// object in a local directory and in S3: '/'-separated, relative, no empty segment, no
/// backslash, and no segment starting with '.' (which excludes "." and ".." and leaves
/// dot-names to stores for their own temporary files).
/// </summary>
public static class ObjectKeys
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the broken rule when <paramref name="key"/> is not a valid key.</summary>
    public static void Validate(string key, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (key.Length == 0)
        {
            throw new ArgumentException("An object key must not be empty.", paramName);
        }
        ValidateSegments(key, paramName, allowTrailingSlash: false);
    }

    /// <summary>
    /// Validates a listing prefix: empty (everything), or a key prefix that may end in the middle
    /// of a segment or with '/'.
    /// </summary>
    public static void ValidatePrefix(string prefix, string paramName)
    {
        ArgumentNullException.ThrowIfNull(prefix, paramName);
        if (prefix.Length > 0)
        {
            ValidateSegments(prefix, paramName, allowTrailingSlash: true);
        }
    }

    private static void ValidateSegments(string value, string paramName, bool allowTrailingSlash)
    {
        if (value.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Object key '{value}' must use '/' as separator, not '\\'.", paramName);
        }
        if (value[0] == '/')
        {
            throw new ArgumentException($"Object key '{value}' must be relative (no leading '/').", paramName);
        }
        string[] segments = value.Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            bool last = i == segments.Length - 1;
            if (segments[i].Length == 0 && !(last && allowTrailingSlash))
            {
                throw new ArgumentException($"Object key '{value}' must not have empty segments ('//' or a trailing '/').", paramName);
            }
            if (segments[i].StartsWith('.'))
            {
                throw new ArgumentException($"Object key '{value}' has a segment starting with '.' (such as '..'), which is not allowed.", paramName);
            }
        }
    }
}
