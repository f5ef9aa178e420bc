namespace Tally.Log.Embedded;

/// <summary>
/// Keeps a second process (or a second instance in this one) from opening the same log:
/// <c>.lock</c> held open with <see cref="FileShare.None"/> (an exclusive flock on Unix).
/// </summary>
internal static class LogDirectoryLock
{
    public const string FileName = ".lock";

    public static FileStream Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The log directory {directory} is already open in another process or instance (lock file {path}).", ex);
        }
    }
}
