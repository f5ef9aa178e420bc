using Microsoft.Win32.SafeHandles;

namespace Tally.Log.Embedded;

internal static class FileReads
{
    /// <summary>Fills <paramref name="buffer"/> from <paramref name="position"/>; false if the file ends first.</summary>
    public static bool TryReadExactly(SafeFileHandle file, Span<byte> buffer, long position)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(file, buffer, position);
            if (read == 0)
            {
                return false;
            }

            buffer = buffer[read..];
            position += read;
        }

        return true;
    }
}
