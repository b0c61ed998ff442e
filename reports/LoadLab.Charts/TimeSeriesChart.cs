using LoadLab.Results;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;

namespace LoadLab.Charts;

/// <summary>
/// A per-second figure over the whole run, one line per transport. The warm-up is shaded: its seconds are
/// in the series (so a slow ramp is visible) but not in the measured window the verdict is computed from.
/// </summary>
internal static class TimeSeriesChart
{
    /// <param name="value">The figure of one second; null (nothing measured that second) leaves the point out.</param>
    public static PlotModel Create(string title, string valueTitle, IReadOnlyList<TransportRunResult> runs, Func<TimeSeriesPoint, double?> value)
    {
        var model = ChartModel.Create(title);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "time (s)", Minimum = 0, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(ChartModel.ValueAxis(valueTitle));

        // A point is the second that ends at its number, so the warm-up covers 0 up to its last point.
        var warmupEnd = runs.SelectMany(run => run.Timeseries).Where(point => point.Warmup).Select(point => (double)point.Second).DefaultIfEmpty(0).Max();
        if (warmupEnd > 0)
        {
            model.Annotations.Add(new RectangleAnnotation
            {
                MinimumX = 0,
                MaximumX = warmupEnd,
                Fill = OxyColor.FromAColor(45, OxyColors.Gray),
                Text = "warm-up",
                TextColor = OxyColors.DimGray,
                TextVerticalAlignment = VerticalAlignment.Top,
                Layer = AnnotationLayer.BelowSeries,
            });
        }

        for (var i = 0; i < runs.Count; i++)
        {
            ChartModel.AddLine(model, runs[i].Transport, i, runs[i].Timeseries
                .Select(point => (point.Second, Value: value(point)))
                .Where(point => point.Value is not null)
                .Select(point => new DataPoint(point.Second, point.Value!.Value)));
        }

        return model;
    }
}
