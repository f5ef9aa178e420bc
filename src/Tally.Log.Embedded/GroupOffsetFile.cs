using System.Globalization;
using System.Text;

namespace Tally.Log.Embedded;

/// <summary>
/// A consumer group's committed offsets in <c>groups/&lt;group&gt;.offsets</c>, one
/// "partition offset" line each. Replaced atomically: temp file, fsync, rename.
/// </summary>
internal sealed class GroupOffsetFile(string path)
{
    public Dictionary<int, long> Load()
    {
        var offsets = new Dictionary<int, long>();
        if (!File.Exists(path))
        {
            return offsets;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            var fields = line.Split(' ');
            if (fields.Length != 2
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                throw new LogCorruptException($"Consumer group offsets file {path} has a malformed line: \"{line}\".");
            }

            offsets[partition] = offset;
        }

        return offsets;
    }

    public async ValueTask SaveAsync(IReadOnlyDictionary<int, long> offsets, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var (partition, offset) in offsets.OrderBy(o => o.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"{partition} {offset}\n");
        }

        var temp = path + ".tmp";
        var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
