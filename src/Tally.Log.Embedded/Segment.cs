namespace Tally.Log.Embedded;

/// <summary>
/// One file of a partition, named by the offset of its first byte. Offsets are byte positions
/// within the partition, so a record's offset minus <see cref="BaseOffset"/> is its file position.
/// </summary>
internal sealed class Segment(long baseOffset, string path)
{
    private const string Extension = ".seg";

    public long BaseOffset { get; } = baseOffset;

    public string Path { get; } = path;

    /// <summary>Committed bytes in the file; the partition's lock guards changes.</summary>
    public long Length { get; set; }

    /// <summary>Append time of the newest record (unix ms), or the file's mtime when not scanned.</summary>
    public long NewestTimestampMs { get; set; }

    public long EndOffset => BaseOffset + Length;

    /// <summary>20 digits: any long offset, and file names sort like offsets.</summary>
    public static string FileName(long baseOffset) => $"{baseOffset:D20}{Extension}";

    public static bool TryParseFileName(string fileName, out long baseOffset)
    {
        baseOffset = 0;
        return fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, fileName.Length - Extension.Length), System.Globalization.NumberStyles.None, null, out baseOffset);
    }
}
