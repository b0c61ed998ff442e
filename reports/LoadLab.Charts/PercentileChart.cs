using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;

namespace LoadLab.Charts;

/// <summary>
/// Latency by percentile, HdrHistogram style: the percentile axis is logarithmic in 1/(1-p), so the tail
/// (99%, 99.9%, 99.99%) gets as much room as everything up to 90% — the tail is where transports differ.
/// </summary>
internal static class PercentileChart
{
    /// <summary>Points at 100% would sit at infinity on this axis; they are drawn at this percentile instead.</summary>
    private const double HighestDrawnPercentile = 99.99999;

    public static PlotModel Create(IReadOnlyList<(ChartSeries Series, IReadOnlyList<(double Percentile, double Milliseconds)> Points)> transports)
    {
        var model = ChartModel.Create("Latency by percentile");
        var longestTail = transports.SelectMany(t => t.Points).Select(p => Tail(p.Percentile)).DefaultIfEmpty(10).Max();
        model.Axes.Add(new LogarithmicAxis
        {
            Position = AxisPosition.Bottom,
            Title = "percentile",
            Minimum = 1,
            // Up to the next power of ten, so the last label (99.9%, 99.99%...) is drawn.
            Maximum = Math.Pow(10, Math.Max(1, Math.Ceiling(Math.Log10(longestTail) - 1e-9))),
            LabelFormatter = Label,
            MajorGridlineStyle = LineStyle.Solid,
            MajorGridlineColor = OxyColor.FromAColor(40, OxyColors.Black),
        });
        model.Axes.Add(ChartModel.ValueAxis("latency (ms)"));
        for (var i = 0; i < transports.Count; i++)
        {
            ChartModel.AddLine(model, transports[i].Series, i, transports[i].Points.Select(p => new DataPoint(Tail(p.Percentile), p.Milliseconds)));
        }

        return model;
    }

    private static double Tail(double percentile) => 1 / (1 - (Math.Clamp(percentile, 0, HighestDrawnPercentile) / 100));

    /// <summary>Labels at the powers of ten of the tail only: 0%, 90%, 99%, 99.9%...; minor ticks stay unlabelled.</summary>
    private static string Label(double tail)
    {
        var decade = Math.Log10(tail);
        return Math.Abs(decade - Math.Round(decade)) < 1e-9
            ? (100 * (1 - (1 / tail))).ToString("0.#######", CultureInfo.InvariantCulture) + "%"
            : "";
    }
}
