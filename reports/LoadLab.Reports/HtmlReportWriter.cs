using System.Globalization;
using System.Net;
using System.Text;
using LoadLab.Charts;
using LoadLab.Results;

namespace LoadLab.Reports;

/// <summary>
/// <c>report.html</c>: one self-contained page that opens offline — inline CSS, charts as inline SVG, no
/// script and no external reference at all. Every string from the results (names, reasons, scenario
/// values, environment) is HTML-encoded.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    public static readonly HtmlReportWriter Default = new();

    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#222}
        h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
        .meta{color:#666}table{border-collapse:collapse;margin:.5rem 0}
        th,td{border:1px solid #ddd;padding:.3rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}
        td.best{background:#e3f4e1;font-weight:600}.pass{color:#1a7f37}.fail{color:#c62828;font-weight:600}
        .banner{padding:.6rem 1rem;border-radius:4px;margin:.8rem 0}.aborted{background:#fdecea;border:1px solid #c62828}
        .saturated{background:#fff4e5;border:1px solid #ef6c00}figure{margin:1rem 0}svg{max-width:100%;height:auto}
        """;

    public string FileName => "report.html";

    public void Write(RunResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>LoadLab · ")
            .Append(Encode(result.Scenario)).Append("</title><style>").Append(Style).Append("</style></head><body>\n");
        WriteHeader(html, result);
        WriteVerdict(html, result.Runs);
        WriteCharts(html, result);
        WriteThresholds(html, result.Runs);
        WriteKeyValues(html, "Scenario", result.ResolvedScenario);
        WriteKeyValues(html, "Environment", new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["OS"] = result.Environment.Os,
            ["CPUs"] = result.Environment.CpuCount.ToString(CultureInfo.InvariantCulture),
            [".NET"] = result.Environment.DotnetVersion,
            ["machine"] = result.Environment.MachineName,
            ["git commit"] = result.Environment.GitCommit ?? "unknown",
        });
        html.Append("</body></html>\n");
        output.Write(html.ToString());
    }

    private static void WriteHeader(StringBuilder html, RunResult result)
    {
        html.Append("<h1>").Append(Encode(result.Scenario)).Append("</h1>\n<p class=\"meta\">run ").Append(Encode(result.RunId))
            .Append(" · started ").Append(result.StartedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))
            .Append(" · ").Append(Encode(string.Join(", ", result.Runs.Select(r => r.Transport)))).Append("</p>\n");
        if (result.Status == RunStatus.Aborted)
        {
            html.Append("<div class=\"banner aborted\"><strong>Aborted run.</strong> The run was interrupted; the figures below are partial.</div>\n");
        }

        foreach (var run in result.Runs.Where(r => r.Client.Saturated))
        {
            html.Append("<div class=\"banner saturated\"><strong>").Append(Encode(run.Transport))
                .Append(": the load engine was saturated.</strong> These figures describe the harness, not the server: ")
                .Append(Encode(string.Join("; ", run.Client.SaturationReasons))).Append(".</div>\n");
        }
    }

    private static void WriteVerdict(StringBuilder html, IReadOnlyList<TransportRunResult> runs)
    {
        html.Append("<h2>Verdict</h2>\n<table class=\"verdict\"><tr><th></th>");
        foreach (var run in runs)
        {
            html.Append("<th>").Append(Encode(run.Transport)).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var figure in Figure.Verdict)
        {
            var best = figure.Best(runs);
            html.Append("<tr><td>").Append(Encode(figure.Label)).Append("</td>");
            foreach (var run in runs)
            {
                html.Append(best.Contains(run) ? "<td class=\"best\">" : "<td>").Append(figure.Print(run)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n<p class=\"meta\">Best value of each row highlighted. Latency: publisher's scheduled send time to receipt, measured window only.</p>\n");
    }

    private static void WriteCharts(StringBuilder html, RunResult result)
    {
        var runs = result.Runs;
        var warmup = runs.SelectMany(r => r.Timeseries).Where(p => p.Warmup).Select(p => (double)p.Second).DefaultIfEmpty(0).Max();
        Chart(html, "latency-percentiles", "Latency by percentile", SvgCharts.PercentileDistribution(
            "Latency by percentile (ms)",
            [.. runs.Select(run => new ChartSeries(run.Transport, [.. HistogramCodec.PercentileDistribution(HistogramCodec.Decode(run.LatencyHistogram, result.RunId)).Select(p => new ChartPoint(p.Percentile, p.Milliseconds))]))]));
        Chart(html, "delivered-per-second", "Delivered messages per second", SvgCharts.OverTime("Delivered msg/s", "msg/s", Series(runs, p => p.Delivered), warmup));
        Chart(html, "p99-over-time", "p99 latency over time", SvgCharts.OverTime("p99 latency per second (ms)", "ms", Series(runs, p => p.P99Ms), warmup));
        Chart(html, "connections-over-time", "Connections over time", SvgCharts.OverTime("Open connections", "connections", Series(runs, p => p.Connections), warmup));
        Chart(html, "server-memory", "Server memory over time", SvgCharts.OverTime("Server RSS (MB)", "MB", Series(runs, p => p.ServerRssBytes / 1_000_000.0), warmup));

        html.Append("<h2>Connection failures</h2>\n");
        var reasons = runs.SelectMany(r => r.Connections.FailuresByReason.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        if (reasons.Count == 0)
        {
            html.Append("<p id=\"connection-failures\">No connection failed.</p>\n");
            return;
        }

        html.Append("<figure id=\"connection-failures\">").Append(SvgCharts.Bars(
            "Connection failures by reason",
            "failures",
            reasons,
            [.. runs.Select(run => (run.Transport, (IReadOnlyList<double>)[.. reasons.Select(reason => (double)run.Connections.FailuresByReason.GetValueOrDefault(reason))]))]))
            .Append("</figure>\n<table><tr><th>reason</th>");
        foreach (var run in runs)
        {
            html.Append("<th>").Append(Encode(run.Transport)).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var reason in reasons)
        {
            html.Append("<tr><td>").Append(Encode(reason)).Append("</td>");
            foreach (var run in runs)
            {
                html.Append("<td>").Append(run.Connections.FailuresByReason.GetValueOrDefault(reason).ToString(CultureInfo.InvariantCulture)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void WriteThresholds(StringBuilder html, IReadOnlyList<TransportRunResult> runs)
    {
        html.Append("<h2>Thresholds</h2>\n");
        if (runs.All(run => run.Thresholds.Count == 0))
        {
            html.Append("<p>The scenario sets no thresholds.</p>\n");
            return;
        }

        html.Append("<table><tr><th>transport</th><th>threshold</th><th>actual</th><th>verdict</th></tr>\n");
        foreach (var run in runs)
        {
            foreach (var threshold in run.Thresholds)
            {
                html.Append("<tr><td>").Append(Encode(run.Transport)).Append("</td><td>").Append(Encode(threshold.Text)).Append("</td><td>")
                    .Append(threshold.Actual is { } actual ? actual.ToString("0.###", CultureInfo.InvariantCulture) : "n/a").Append("</td><td class=\"")
                    .Append(threshold.Passed ? "pass\">pass" : "fail\">FAIL").Append("</td></tr>\n");
            }
        }

        html.Append("</table>\n");
    }

    private static void WriteKeyValues(StringBuilder html, string title, IReadOnlyDictionary<string, string> values)
    {
        html.Append("<h2>").Append(title).Append("</h2>\n<table>");
        foreach (var (key, value) in values)
        {
            html.Append("<tr><td>").Append(Encode(key)).Append("</td><td style=\"text-align:left\">").Append(Encode(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Chart(StringBuilder html, string id, string heading, string svg) =>
        html.Append("<h2>").Append(heading).Append("</h2>\n<figure id=\"").Append(id).Append("\">").Append(svg).Append("</figure>\n");

    private static List<ChartSeries> Series(IReadOnlyList<TransportRunResult> runs, Func<TimeSeriesPoint, double?> value) =>
        [.. runs.Select(run => new ChartSeries(run.Transport, [.. run.Timeseries.Where(p => value(p) is not null).Select(p => new ChartPoint(p.Second, value(p)!.Value))]))];

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
