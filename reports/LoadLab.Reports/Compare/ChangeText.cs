using System.Globalization;

namespace LoadLab.Reports.Compare;

/// <summary>How a change reads in both the page and the terminal: <c>+12.3% p=0.002</c>, <c>-4.1% (noise, p=0.41)</c>, <c>+2 (exact)</c>.</summary>
internal static class ChangeText
{
    public static string Of(ComparedValue cell) => cell.Significance switch
    {
        Significance.Reference => "reference",
        _ when cell.Value is null => "not measured",
        Significance.Significant => $"{Percent(cell)} · p={P(cell.PValue)}",
        Significance.NotSignificant => $"{Percent(cell)} · noise, p={P(cell.PValue)}",
        Significance.Exact => cell.Direction == Direction.Same ? "same" : Percent(cell),
        _ => $"{Percent(cell)} · untested",
    };

    /// <summary>A word for the significance, for a reader who does not read p-values.</summary>
    public static string Verdict(ComparedValue cell) => cell switch
    {
        { Real: true, Direction: Direction.Worse } => "worse",
        { Real: true, Direction: Direction.Better } => "better",
        { Significance: Significance.NotSignificant } => "noise",
        _ => "",
    };

    private static string Percent(ComparedValue cell) => cell.ChangePercent switch
    {
        null => "new",
        // Rounded first: a tiny negative change would otherwise print as "-+0.0%".
        var change when Math.Round(change.Value, 1) == 0 => "±0%",
        var change => Math.Round(change.Value, 1).ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + "%",
    };

    /// <summary>"transport differs", "publisher.rate, transport differ".</summary>
    public static string Differ(IReadOnlyList<string> keys) => $"{string.Join(", ", keys)} {(keys.Count == 1 ? "differs" : "differ")}";

    private static string P(double? p) => p is { } value ? (value < 0.001 ? "<0.001" : value.ToString("0.000", CultureInfo.InvariantCulture)) : "n/a";
}
