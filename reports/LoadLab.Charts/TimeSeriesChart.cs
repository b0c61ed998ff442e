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
    /// <summary>A line per run of <paramref name="value"/> by second; a null value (nothing measured that second) leaves the point out.</summary>
    public static PlotModel Create(string title, string valueTitle, IReadOnlyList<(ChartSeries Series, TransportRunResult Run)> runs, Func<TimeSeriesPoint, double?> value)
    {
        var model = ChartModel.Create(title);
        // A point is the second that ends at its number, so the warm-up covers 0 up to its last point.
        var warmupEnd = runs.SelectMany(run => run.Run.Timeseries).Where(point => point.Warmup).Select(point => (double)point.Second).DefaultIfEmpty(0).Max();

        // The shading is named in the axis title: a label inside the band would sit on the ramp's lines.
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = warmupEnd > 0 ? "time (s), warm-up shaded" : "time (s)", Minimum = 0, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(ChartModel.ValueAxis(valueTitle));
        if (warmupEnd > 0)
        {
            model.Annotations.Add(new RectangleAnnotation
            {
                MinimumX = 0,
                MaximumX = warmupEnd,
                Fill = OxyColor.FromAColor(45, OxyColors.Gray),
                Layer = AnnotationLayer.BelowSeries,
            });
        }

        for (var i = 0; i < runs.Count; i++)
        {
            ChartModel.AddLine(model, runs[i].Series, i, runs[i].Run.Timeseries
                .Select(point => (point.Second, Value: value(point)))
                .Where(point => point.Value is not null)
                .Select(point => new DataPoint(point.Second, point.Value!.Value)));
        }

        return model;
    }
}
