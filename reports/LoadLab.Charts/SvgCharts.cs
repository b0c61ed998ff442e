using System.Globalization;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace LoadLab.Charts;

/// <summary>
/// Renders the report's charts to standalone <c>&lt;svg&gt;</c> elements (no XML declaration), headless,
/// with every transport overlaid in its own colour. Text is measured by OxyPlot itself, so no system
/// fonts are needed. Thread-safe: every call builds its own model.
/// </summary>
public static class SvgCharts
{
    private const double Width = 880;
    private const double Height = 360;

    /// <summary>
    /// Latency by percentile, HdrHistogram style: the percentile axis is logarithmic in 1/(1-p), so the
    /// tail (99%, 99.9%, 99.99%) gets as much room as the median. Points are (percentile, milliseconds).
    /// </summary>
    public static string PercentileDistribution(string title, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var model = NewModel(title);
        model.Axes.Add(new LogarithmicAxis
        {
            Position = AxisPosition.Bottom,
            Title = "percentile",
            Minimum = 1,
            Maximum = Math.Max(10, series.SelectMany(s => s.Points).Select(p => ToTail(p.X)).DefaultIfEmpty(10).Max() * 1.2),
            // Labels only at powers of ten of the tail: 0%, 90%, 99%, 99.9%...
            LabelFormatter = tail => IsPowerOfTen(tail) ? FormatPercentile(100 * (1 - (1 / tail))) : "",
            MajorGridlineStyle = LineStyle.Solid,
            MajorGridlineColor = OxyColor.FromAColor(40, OxyColors.Black),
        });
        model.Axes.Add(ValueAxis("latency (ms)"));
        AddLines(model, series, point => new DataPoint(ToTail(point.X), point.Y));
        return Render(model);
    }

    /// <summary>A figure over time; seconds before <paramref name="warmupSeconds"/> are shaded as warm-up.</summary>
    public static string OverTime(string title, string valueTitle, IReadOnlyList<ChartSeries> series, double warmupSeconds)
    {
        ArgumentNullException.ThrowIfNull(series);
        var model = NewModel(title);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "time (s)", Minimum = 0, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(ValueAxis(valueTitle));
        if (warmupSeconds > 0)
        {
            model.Annotations.Add(new RectangleAnnotation
            {
                MinimumX = 0,
                MaximumX = warmupSeconds,
                Fill = OxyColor.FromAColor(30, OxyColors.Gray),
                Text = "warm-up",
                TextColor = OxyColors.Gray,
            });
        }

        AddLines(model, series, point => new DataPoint(point.X, point.Y));
        return Render(model);
    }

    /// <summary>Counts per category (failure reasons), one bar series per transport.</summary>
    public static string Bars(string title, string valueTitle, IReadOnlyList<string> categories, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        var model = NewModel(title);
        var categoryAxis = new CategoryAxis { Position = AxisPosition.Left, Key = "categories" };
        categoryAxis.Labels.AddRange(categories);
        model.Axes.Add(categoryAxis);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = valueTitle, Minimum = 0, MajorGridlineStyle = LineStyle.Dot });
        for (var i = 0; i < series.Count; i++)
        {
            var bars = new BarSeries { Title = series[i].Name, FillColor = SeriesColors.For(series[i].Name, i), YAxisKey = "categories" };
            bars.Items.AddRange(series[i].Values.Select(value => new BarItem(value)));
            model.Series.Add(bars);
        }

        return Render(model);
    }

    private static PlotModel NewModel(string title)
    {
        var model = new PlotModel { Title = title, TitleFontSize = 14, DefaultFont = "sans-serif", Background = OxyColors.White, Culture = CultureInfo.InvariantCulture };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopLeft, LegendBackground = OxyColor.FromAColor(200, OxyColors.White) });
        return model;
    }

    private static LinearAxis ValueAxis(string title) =>
        new() { Position = AxisPosition.Left, Title = title, Minimum = 0, MajorGridlineStyle = LineStyle.Dot, MinimumPadding = 0, MaximumPadding = 0.1 };

    private static void AddLines(PlotModel model, IReadOnlyList<ChartSeries> series, Func<ChartPoint, DataPoint> map)
    {
        for (var i = 0; i < series.Count; i++)
        {
            var line = new LineSeries { Title = series[i].Name, Color = SeriesColors.For(series[i].Name, i), StrokeThickness = 2 };
            line.Points.AddRange(series[i].Points.Select(map));
            model.Series.Add(line);
        }
    }

    private static bool IsPowerOfTen(double value) => Math.Abs(Math.Log10(value) - Math.Round(Math.Log10(value))) < 1e-9;

    private static double ToTail(double percentile) => 1 / (1 - Math.Min(percentile, 99.99999) / 100);

    private static string FormatPercentile(double percentile) =>
        percentile.ToString(percentile < 99.99 ? "0.##" : "0.#####", CultureInfo.InvariantCulture) + "%";

    /// <summary>Only the <c>&lt;svg&gt;</c> element: the exporter adds an XML declaration even for a fragment, which HTML must not contain.</summary>
    private static string Render(PlotModel model)
    {
        var svg = SvgExporter.ExportToString(model, Width, Height, isDocument: false);
        return svg[svg.IndexOf("<svg", StringComparison.Ordinal)..];
    }
}
