using System.Globalization;
using Tally.Testing.Postgres;

namespace Tally.Host.Tests.Chaos;

/// <summary>
/// A tmpfs of a few MiB mounted on a fresh temp dir (root only), where writes past its size fail with ENOSPC as on a
/// full disk; <see cref="FillAsync"/> takes the remaining space with a ballast file and <see cref="Free"/> deletes it.
/// Disposing unmounts it (lazily, should a process still hold a file) and removes the dir.
/// </summary>
internal sealed class SizeLimitedDisk : IAsyncDisposable
{
    // Ballast is written in steps this size; the last one fails part-way with ENOSPC.
    private const int BallastChunkBytes = 64 * 1024;

    private SizeLimitedDisk(string path) => Path = path;

    public string Path { get; }

    private string BallastPath => System.IO.Path.Combine(Path, "ballast");

    public static async Task<SizeLimitedDisk> MountAsync(int megabytes, CancellationToken cancellationToken)
    {
        var path = Directory.CreateTempSubdirectory("tally-full-disk-").FullName;
        await ExternalProgram.RunCheckedAsync("mount", ["-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={megabytes}m"), "tmpfs", path], cancellationToken);
        return new SizeLimitedDisk(path);
    }

    /// <summary>Writes a ballast file until the file system has no space left.</summary>
    public async Task FillAsync(CancellationToken cancellationToken)
    {
        var zeros = new byte[BallastChunkBytes];
        await using var ballast = new FileStream(BallastPath, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        while (true)
        {
            try
            {
                await ballast.WriteAsync(zeros, cancellationToken);
            }
            // ENOSPC is the point: the partly written last chunk keeps what was left.
            catch (IOException) when (new DriveInfo(Path).AvailableFreeSpace < BallastChunkBytes)
            {
                return;
            }
        }
    }

    /// <summary>Deletes the ballast: the space is free again.</summary>
    public void Free() => File.Delete(BallastPath);

    public async ValueTask DisposeAsync()
    {
        await ExternalProgram.RunCheckedAsync("umount", ["--lazy", Path], CancellationToken.None);
        Directory.Delete(Path);
    }
}
