using System.Globalization;

namespace LoadLab.Engine.Diagnosis;

/// <summary>Formats evidence the same way in every rule: times in seconds or milliseconds, invariant culture.</summary>
internal static class Evidence
{
    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    public static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>The listed lines, without the absent ones.</summary>
    public static IReadOnlyList<string> Lines(params string?[] lines) => lines.OfType<string>().ToList();

    /// <summary>The response's status line, the named headers that are present and the body's first line.</summary>
    public static IReadOnlyList<string> Response(ResponseHead head, params string[] headers) =>
        Lines([head.StatusLine, .. headers.Select(head.HeaderLine), head.BodyFirstLine is { Length: > 0 } body ? $"body: {body}" : null]);
}
