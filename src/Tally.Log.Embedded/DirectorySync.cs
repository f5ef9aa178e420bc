using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Tally.Log.Embedded;

/// <summary>
/// Makes a directory's entries durable. On Linux a new or renamed file survives a power cut
/// only once its directory was fsynced too; .NET has no API for that, so it calls libc.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int OpenDirectory = 0x10000; // O_DIRECTORY on x86-64 and arm64 Linux

    public static void Flush(string directory)
    {
        // Windows has no directory fsync and persists metadata on its own.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = Open(directory, ReadOnly | OpenDirectory);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory {directory} to fsync it.", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed.", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
