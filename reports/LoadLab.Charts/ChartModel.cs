using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace LoadLab.Charts;

/// <summary>
/// What every chart shares: white background, a generic font family (no font file is needed to render),
/// the invariant culture (a chart must not change with the machine's culture) and the legend beside the
/// plot, where it never hides a line.
/// </summary>
internal static class ChartModel
{
    public static PlotModel Create(string title)
    {
        var model = new PlotModel
        {
            Title = title,
            TitleFontSize = 14,
            DefaultFont = "sans-serif",
            Background = OxyColors.White,
            Culture = CultureInfo.InvariantCulture,
        };
        model.Legends.Add(new Legend { LegendPlacement = LegendPlacement.Outside, LegendPosition = LegendPosition.RightTop });
        return model;
    }

    /// <summary>A value axis from zero: a figure's size is read against zero, not against its own minimum.</summary>
    public static LinearAxis ValueAxis(string title, AxisPosition position = AxisPosition.Left) => new()
    {
        Position = position,
        Title = title,
        Minimum = 0,
        MinimumPadding = 0,
        MaximumPadding = 0.1,
        MajorGridlineStyle = LineStyle.Dot,
    };

    private static readonly LineStyle[] Patterns = [LineStyle.Solid, LineStyle.Dash, LineStyle.Dot, LineStyle.DashDot, LineStyle.LongDash];

    public static void AddLine(PlotModel model, ChartSeries series, int index, IEnumerable<DataPoint> points)
    {
        var line = new LineSeries
        {
            Title = series.Name,
            Color = SeriesColors.For(series.Transport, index),
            LineStyle = Patterns[series.Variant % Patterns.Length],
            StrokeThickness = 2,
        };
        line.Points.AddRange(points);
        model.Series.Add(line);
    }
}
