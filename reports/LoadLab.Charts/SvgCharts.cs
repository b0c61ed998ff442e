using LoadLab.Results;

namespace LoadLab.Charts;

/// <summary>
/// The report's charts, each rendered headless to a standalone <c>&lt;svg&gt;</c> element ready to be
/// inlined into HTML, with every transport overlaid in its own colour (the same colour in every chart).
/// <para>
/// <c>id</c> must be unique in the page that shows the chart (lowercase letters, digits, '-'): the SVG's
/// own ids are derived from it, so several charts can share a page. Thread-safe: every call builds its
/// own plot.
/// </para>
/// </summary>
public static class SvgCharts
{
    /// <summary>
    /// Latency by percentile on a logarithmic 1/(1-p) axis labelled 0%, 90%, 99%, 99.9%... Points are
    /// (percentile in percent, 0 to 100; latency in milliseconds), as HdrHistogram's percentile iteration
    /// gives them.
    /// </summary>
    public static string LatencyPercentiles(string id, IReadOnlyList<(ChartSeries Series, IReadOnlyList<(double Percentile, double Milliseconds)> Points)> transports)
    {
        ArgumentNullException.ThrowIfNull(transports);
        return SvgFragment.Render(PercentileChart.Create(transports), id);
    }

    /// <summary>Messages delivered in each second, warm-up shaded.</summary>
    public static string DeliveredPerSecond(string id, IReadOnlyList<TransportRunResult> runs) => DeliveredPerSecond(id, Named(runs));

    /// <inheritdoc cref="DeliveredPerSecond(string, IReadOnlyList{TransportRunResult})"/>
    public static string DeliveredPerSecond(string id, IReadOnlyList<(ChartSeries Series, TransportRunResult Run)> runs) =>
        OverTime(id, "Delivered messages per second", "msg/s", runs, point => point.Delivered);

    /// <summary>The p99 latency of each second alone; seconds in which nothing arrived are left out.</summary>
    public static string P99OverTime(string id, IReadOnlyList<TransportRunResult> runs) => P99OverTime(id, Named(runs));

    /// <inheritdoc cref="P99OverTime(string, IReadOnlyList{TransportRunResult})"/>
    public static string P99OverTime(string id, IReadOnlyList<(ChartSeries Series, TransportRunResult Run)> runs) =>
        OverTime(id, "p99 latency per second", "latency (ms)", runs, point => point.P99Ms);

    /// <summary>Open connections at each second: the ramp, and any connections lost on the way.</summary>
    public static string ConnectionsOverTime(string id, IReadOnlyList<TransportRunResult> runs) => ConnectionsOverTime(id, Named(runs));

    /// <inheritdoc cref="ConnectionsOverTime(string, IReadOnlyList{TransportRunResult})"/>
    public static string ConnectionsOverTime(string id, IReadOnlyList<(ChartSeries Series, TransportRunResult Run)> runs) =>
        OverTime(id, "Open connections", "connections", runs, point => point.Connections);

    /// <summary>The server's resident memory in MB (10^6 bytes); seconds the probe could not read are left out.</summary>
    public static string ServerMemoryOverTime(string id, IReadOnlyList<TransportRunResult> runs) => ServerMemoryOverTime(id, Named(runs));

    /// <inheritdoc cref="ServerMemoryOverTime(string, IReadOnlyList{TransportRunResult})"/>
    public static string ServerMemoryOverTime(string id, IReadOnlyList<(ChartSeries Series, TransportRunResult Run)> runs) =>
        OverTime(id, "Server memory (RSS)", "RSS (MB)", runs, point => point.ServerRssBytes / 1_000_000.0);

    /// <summary>p99 latency against delivered msg/s per capacity step, a line per transport, each transport's knee (last sustained step, if any) marked.</summary>
    public static string CapacityCurve(string id, IReadOnlyList<(ChartSeries Series, IReadOnlyList<CapacityStep> Steps, CapacityStep? Knee)> transports)
    {
        ArgumentNullException.ThrowIfNull(transports);
        return SvgFragment.Render(CapacityChart.Create(transports), id);
    }

    /// <summary>Failed connections by reason, a bar per transport; null when no connection failed (an empty chart says nothing).</summary>
    public static string? ConnectionFailures(string id, IReadOnlyList<TransportRunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var reasons = FailureChart.Reasons(runs);
        return reasons.Count == 0 ? null : SvgFragment.Render(FailureChart.Create(runs, reasons), id);
    }

    private static List<(ChartSeries, TransportRunResult)> Named(IReadOnlyList<TransportRunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return [.. runs.Select(run => (ChartSeries.Of(run), run))];
    }

    private static string OverTime(string id, string title, string valueTitle, IReadOnlyList<(ChartSeries Series, TransportRunResult Run)> runs, Func<TimeSeriesPoint, double?> value)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return SvgFragment.Render(TimeSeriesChart.Create(title, valueTitle, runs, value), id);
    }
}
