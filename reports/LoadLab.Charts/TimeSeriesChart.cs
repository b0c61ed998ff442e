using LoadLab.Results;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;

namespace LoadLab.Charts;

/// <summary>
/// A per-second figure over the whole run, one line per transport. The warm-up is shaded: its seconds are
/// in the series (so a slow ramp is visible) but not in the measured window the verdict is computed from.
/// Injected faults are marked in the colour of their run: a drop as a thin band, a server restart from the
/// kill to the new server listening.
/// </summary>
internal static class TimeSeriesChart
{
    /// <summary>Seconds: a drop takes a few milliseconds, and would be invisible at its true width.</summary>
    private const double MinimumFaultWidth = 0.3;

    /// <summary>A line per run of <paramref name="value"/> by second; a null value (nothing measured that second) leaves the point out.</summary>
    public static PlotModel Create(string title, string valueTitle, IReadOnlyList<(ChartSeries Series, TransportRunResult Run)> runs, Func<TimeSeriesPoint, double?> value)
    {
        var model = ChartModel.Create(title);
        // A point is the second that ends at its number, so the warm-up covers 0 up to its last point.
        var warmupEnd = runs.SelectMany(run => run.Run.Timeseries).Where(point => point.Warmup).Select(point => (double)point.Second).DefaultIfEmpty(0).Max();

        // The shading is named in the axis title: a label inside the band would sit on the ramp's lines.
        var hasFaults = runs.Any(run => run.Run.Faults is { Count: > 0 });
        var axisTitle = (warmupEnd > 0, hasFaults) switch
        {
            (true, true) => "time (s), warm-up shaded, faults marked",
            (true, false) => "time (s), warm-up shaded",
            (false, true) => "time (s), faults marked",
            _ => "time (s)",
        };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = axisTitle, Minimum = 0, MajorGridlineStyle = LineStyle.Dot });
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
            foreach (var fault in runs[i].Run.Faults ?? [])
            {
                model.Annotations.Add(new RectangleAnnotation
                {
                    MinimumX = fault.Second,
                    MaximumX = Math.Max(fault.EndSecond, fault.Second + MinimumFaultWidth),
                    Fill = OxyColor.FromAColor(60, SeriesColors.For(runs[i].Series.Transport, i)),
                    Layer = AnnotationLayer.BelowSeries,
                });
            }
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
