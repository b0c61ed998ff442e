using LoadLab.Results;

namespace LoadLab.Charts;

/// <summary>
/// How one line of a chart is named and drawn: its colour follows <see cref="Transport"/> (the same colour
/// in every chart), its dash pattern follows <see cref="Variant"/> — the repetition in a run report, the
/// file in a compare page — so "ws of Monday" and "ws of today" are one colour in two patterns.
/// </summary>
public sealed record ChartSeries(string Name, string Transport, int Variant)
{
    /// <summary>A transport run as a run report shows it: named by its label, one pattern per repetition.</summary>
    public static ChartSeries Of(TransportRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new ChartSeries(run.Label, run.Transport, run.Repetition - 1);
    }
}
