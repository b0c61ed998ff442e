using System.Globalization;

namespace LoadLab.Engine.Scenarios;

/// <summary>
/// Reads durations as people write them: <c>250ms</c>, <c>15s</c>, <c>2m</c>, <c>1h</c>, or a
/// <see cref="TimeSpan"/> such as <c>00:00:15</c>. A bare number is rejected: its unit would be a guess.
/// </summary>
public static class DurationParser
{
    private static readonly (string Suffix, double Milliseconds)[] Units =
    [
        ("ms", 1),
        ("s", 1_000),
        ("m", 60_000),
        ("h", 3_600_000),
    ];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        text = text.Trim();
        foreach (var (suffix, milliseconds) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                // Past what a TimeSpan holds (about 29,000 years) is a typo, not a duration.
                && value * milliseconds < TimeSpan.MaxValue.TotalMilliseconds)
            {
                duration = TimeSpan.FromMilliseconds(value * milliseconds);
                return true;
            }
        }

        duration = default;
        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration)
            && duration >= TimeSpan.Zero;
    }

    /// <summary>Writes a duration the way <see cref="TryParse"/> reads it back: <c>250ms</c>, <c>15s</c>, <c>1.5s</c>.</summary>
    public static string Format(TimeSpan duration) =>
        duration.TotalMilliseconds < 1000 && duration.TotalMilliseconds == Math.Floor(duration.TotalMilliseconds)
            ? duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms"
            : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
