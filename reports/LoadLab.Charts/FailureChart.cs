using LoadLab.Results;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace LoadLab.Charts;

/// <summary>
/// Failed connections by reason (HTTP status of a refused handshake, timeout, reset, refused), one bar
/// per transport in each reason, so a proxy that breaks only one transport stands out.
/// </summary>
internal static class FailureChart
{
    /// <summary>The reasons any transport failed with, in a stable order; empty when no connection failed.</summary>
    public static IReadOnlyList<string> Reasons(IReadOnlyList<TransportRunResult> runs) =>
        [.. runs.SelectMany(run => run.Connections.FailuresByReason).Where(failure => failure.Value > 0).Select(failure => failure.Key).Distinct().Order(StringComparer.Ordinal)];

    public static PlotModel Create(IReadOnlyList<TransportRunResult> runs, IReadOnlyList<string> reasons)
    {
        var model = ChartModel.Create("Connection failures by reason");
        // Reasons read top-down in the same order as the table under the chart.
        var categories = new CategoryAxis { Position = AxisPosition.Left, Key = "reasons", StartPosition = 1, EndPosition = 0 };
        categories.Labels.AddRange(reasons);
        model.Axes.Add(categories);
        model.Axes.Add(ChartModel.ValueAxis("failed connections", AxisPosition.Bottom));
        for (var i = 0; i < runs.Count; i++)
        {
            var bars = new BarSeries { Title = runs[i].Label, FillColor = SeriesColors.For(runs[i].Transport, i), YAxisKey = "reasons" };
            bars.Items.AddRange(reasons.Select(reason => new BarItem(runs[i].Connections.FailuresByReason.GetValueOrDefault(reason))));
            model.Series.Add(bars);
        }

        return model;
    }
}
