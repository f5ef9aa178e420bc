using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tally.Log.Contract;

namespace Tally.Log.Embedded.Tests;

/// <summary>
/// Kills a process that appends under load with SIGKILL, several times on the same log, and
/// checks that every record it acknowledged survived exactly once.
/// </summary>
public sealed class CrashTests
{
    private const int Appenders = 64;
    private const int AcksBeforeKill = 1500;
    private static readonly TimeSpan ChildDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Every_acknowledged_record_survives_SIGKILL()
    {
        using var directory = new TempDirectory();
        var acknowledged = new HashSet<long>();

        for (var cycle = 0; cycle < 3; cycle++)
        {
            // 1. Append under load in a child process; 2. kill it once it acknowledged enough.
            acknowledged.UnionWith(await RunChildUntilKilledAsync(directory.Path, firstId: cycle * 1_000_000_000L));

            // 3. Recover (torn tails are cut) and 4. check every acknowledged id is there once.
            await using var log = await EmbeddedEventLog.OpenAsync(new EmbeddedLogOptions { Directory = directory.Path, PartitionCount = 4 });
            var ids = (await log.ReadAllAsync()).Select(IdOf).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            var missing = acknowledged.Except(ids).ToList();
            Assert.True(missing.Count == 0, $"cycle {cycle}: {missing.Count} acknowledged ids missing, e.g. {string.Join(", ", missing.Take(5))}");
        }
    }

    private static long IdOf(LogRecord record)
    {
        var payload = record.Payload.Span;
        var id = BinaryPrimitives.ReadInt64LittleEndian(payload);
        Assert.True(payload[8..].IndexOfAnyExcept((byte)id) < 0, $"record {id} has a damaged payload");
        return id;
    }

    private static async Task<List<long>> RunChildUntilKilledAsync(string logDirectory, long firstId)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tally.Log.CrashChild.dll"));
        start.ArgumentList.Add(logDirectory);
        start.ArgumentList.Add(firstId.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(Appenders.ToString(CultureInfo.InvariantCulture));

        using var child = Process.Start(start)!;
        var errors = new StringBuilder();
        child.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        child.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(ChildDeadline);
        var acknowledged = new List<long>();
        try
        {
            while (acknowledged.Count < AcksBeforeKill)
            {
                var line = await child.StandardOutput.ReadLineAsync(deadline.Token)
                    ?? throw new InvalidOperationException($"The crash child exited early: {errors}");
                acknowledged.Add(long.Parse(line, CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            child.Kill(); // SIGKILL: no finally blocks, no flush, no clean shutdown in the child.
        }

        // Acks printed before the kill are still in the pipe; a last line cut by the kill is not one.
        var rest = await child.StandardOutput.ReadToEndAsync(deadline.Token);
        var lines = rest.Split('\n');
        acknowledged.AddRange(lines[..^1].Select(l => long.Parse(l, CultureInfo.InvariantCulture)));
        await child.WaitForExitAsync(deadline.Token);
        return acknowledged;
    }
}
