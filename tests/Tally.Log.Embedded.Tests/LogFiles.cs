namespace Tally.Log.Embedded.Tests;

/// <summary>Helpers that act on a log's files behind its back, as a crash or a bad disk would.</summary>
internal static class LogFiles
{
    /// <summary>
    /// Copies a log that is still open: the copy looks like the directory after a crash (no
    /// clean-shutdown marker, everything acknowledged is on disk).
    /// </summary>
    public static void CopyAsCrashed(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == ".lock")
            {
                continue;
            }

            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public static void AppendBytes(string file, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(file, FileMode.Append, FileAccess.Write);
        stream.Write(bytes);
    }

    public static void FlipByte(string file, long position)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = position;
        var original = stream.ReadByte();
        stream.Position = position;
        stream.WriteByte((byte)~original);
    }

    public static byte[] FramedRecord(string text)
    {
        var payload = System.Text.Encoding.UTF8.GetBytes(text);
        var framed = new byte[RecordFormat.FramedSize(payload.Length)];
        RecordFormat.Write(framed, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), payload);
        return framed;
    }
}
