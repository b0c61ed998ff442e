namespace LoadLab.Charts;

/// <summary>One named line of a chart: a transport's points.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>A point of a <see cref="ChartSeries"/>.</summary>
public readonly record struct ChartPoint(double X, double Y);
