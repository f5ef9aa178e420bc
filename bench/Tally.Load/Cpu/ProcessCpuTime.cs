using System.Diagnostics;
using System.Globalization;

namespace Tally.Load.Cpu;

/// <summary>
/// Reads a process's CPU time (all its threads, user + system) from
/// <c>/proc/PID/stat</c>, so the collector's cost can be measured from outside it.
/// </summary>
internal static class ProcessCpuTime
{
    // /proc reports times in USER_HZ ticks, which the kernel fixes at 100 for user space on
    // every mainstream architecture (what `getconf CLK_TCK` prints), independent of CONFIG_HZ.
    private const double TicksPerSecond = 100;

    // Field numbers of utime and stime in proc(5), counted from 1 (field 2 is the command name).
    private const int UtimeField = 14;
    private const int StimeField = 15;

    /// <summary>This process's CPU time, all threads.</summary>
    public static TimeSpan Own()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    public static TimeSpan Read(int pid) => Parse(File.ReadAllText($"/proc/{pid}/stat"));

    /// <summary>Parses the content of a <c>/proc/PID/stat</c> file.</summary>
    public static TimeSpan Parse(string stat)
    {
        // The command name (field 2) is in parentheses and may itself contain spaces or
        // parentheses, so the numeric fields are counted from the last ')'.
        var nameEnd = stat.LastIndexOf(')');
        if (nameEnd < 0)
        {
            throw new FormatException("Not a /proc/PID/stat line: no command name.");
        }

        var fields = stat[(nameEnd + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state).
        var utime = ParseField(fields, UtimeField);
        var stime = ParseField(fields, StimeField);
        return TimeSpan.FromSeconds((utime + stime) / TicksPerSecond);
    }

    private static long ParseField(string[] fieldsFromState, int fieldNumber)
    {
        var index = fieldNumber - 3;
        if (index >= fieldsFromState.Length)
        {
            throw new FormatException($"A /proc/PID/stat line has no field {fieldNumber}.");
        }

        return long.Parse(fieldsFromState[index], NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
