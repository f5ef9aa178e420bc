using System.Globalization;

namespace Tally.Load.Cli;

/// <summary>Parses the short durations people type on a command line: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>, or <c>00:00:30</c>.</summary>
internal static class DurationParser
{
    private static readonly (string Suffix, Func<double, TimeSpan> Create)[] Units =
    [
        // "ms" must be tried before "s", which it ends with.
        ("ms", TimeSpan.FromMilliseconds),
        ("s", TimeSpan.FromSeconds),
        ("m", TimeSpan.FromMinutes),
        ("h", TimeSpan.FromHours),
    ];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        text = text.Trim();
        foreach (var (suffix, create) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && value > 0)
            {
                duration = create(value);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }
}
