using LoadLab.Results;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace LoadLab.Charts;

/// <summary>
/// p99 latency against delivered messages per second, a point per capacity step and a line per transport:
/// the curve stays flat while the server keeps up and turns up at the knee, which is marked.
/// </summary>
internal static class CapacityChart
{
    public static PlotModel Create(IReadOnlyList<(ChartSeries Series, IReadOnlyList<CapacityStep> Steps, CapacityStep? Knee)> transports)
    {
        var model = ChartModel.Create("p99 latency by throughput, one point per step");
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "delivered msg/s", Minimum = 0, MaximumPadding = 0.15, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(ChartModel.ValueAxis("latency p99 (ms)"));
        for (var i = 0; i < transports.Count; i++)
        {
            var (series, steps, knee) = transports[i];
            ChartModel.AddLine(model, series, i, steps.Select(step => new DataPoint(step.Run.Throughput.DeliveredPerSec, step.Run.LatencyMs.P99)));
            ((LineSeries)model.Series[^1]).MarkerType = MarkerType.Circle;
            if (knee is not null)
            {
                model.Annotations.Add(new PointAnnotation
                {
                    X = knee.Run.Throughput.DeliveredPerSec,
                    Y = knee.Run.LatencyMs.P99,
                    Size = 7,
                    Fill = OxyColors.Transparent,
                    Stroke = SeriesColors.For(series.Transport, i),
                    StrokeThickness = 2,
                    Text = $"{series.Name} knee",
                    // Knees often sit at the same step: one label above the point, the next below, and so on.
                    TextVerticalAlignment = i % 2 == 0 ? VerticalAlignment.Bottom : VerticalAlignment.Top,
                    TextColor = SeriesColors.For(series.Transport, i),
                });
            }
        }

        return model;
    }
}
