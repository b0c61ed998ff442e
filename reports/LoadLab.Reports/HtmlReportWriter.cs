using System.Globalization;
using System.Text;
using LoadLab.Charts;
using LoadLab.Results;

namespace LoadLab.Reports;

/// <summary>
/// <c>report.html</c>: one self-contained page that opens offline and can be attached to a ticket — inline
/// CSS, charts as inline SVG, no script and no external reference of any kind. Every string from the
/// results (names, reasons, scenario keys and values, thresholds, environment) is HTML-encoded, because a
/// results file can come from anyone's scenario; every number is formatted invariantly.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    public static readonly HtmlReportWriter Default = new();

    public string FileName => "report.html";

    public void Write(RunResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>LoadLab · ")
            .Append(Encode(result.Scenario)).Append("</title><style>").Append(HtmlPage.Style).Append("</style></head><body>\n");
        WriteHeader(html, result);
        WriteVerdict(html, result.Runs);
        html.Append(ClockText.Html(result));
        WriteCharts(html, result);
        ResilienceHtml.WriteReconnects(html, result.Runs);
        ResilienceHtml.WriteSlowClients(html, result.Runs);
        WriteThresholds(html, result.Runs);
        WriteKeyValues(html, "Resolved scenario", result.ResolvedScenario);
        WriteKeyValues(html, "Environment",
        [
            new("OS", result.Environment.Os),
            new("CPUs", result.Environment.CpuCount.ToString(CultureInfo.InvariantCulture)),
            new(".NET", result.Environment.DotnetVersion),
            new("machine", result.Environment.MachineName),
            new("git commit", result.Environment.GitCommit ?? "unknown"),
        ]);
        html.Append("</body></html>\n");
        output.Write(html.ToString());
    }

    private static void WriteHeader(StringBuilder html, RunResult result)
    {
        html.Append("<h1>").Append(Encode(result.Scenario)).Append("</h1>\n<p class=\"meta\">run ").Append(Encode(result.RunId))
            .Append(" · started ").Append(result.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))
            .Append(" · status ").Append(Encode(result.Status))
            .Append(" · transports ").Append(Encode(string.Join(", ", result.Runs.Select(r => r.Label)))).Append("</p>\n");
        if (result.Status == RunStatus.Aborted)
        {
            html.Append("<div class=\"banner aborted\"><strong>Aborted run.</strong> The run was interrupted before it finished; the figures below are partial.</div>\n");
        }

        foreach (var run in result.Runs.Where(r => r.Client.Saturated))
        {
            html.Append("<div class=\"banner saturated\"><strong>").Append(Encode(run.Label))
                .Append(": the load engine was saturated.</strong> These figures describe the harness, not the server. Why:<ul>");
            foreach (var reason in run.Client.SaturationReasons)
            {
                html.Append("<li>").Append(Encode(reason)).Append("</li>");
            }

            html.Append("</ul></div>\n");
        }
    }

    private static void WriteVerdict(StringBuilder html, IReadOnlyList<TransportRunResult> runs)
    {
        html.Append("<h2>Verdict</h2>\n<table class=\"verdict\"><tr><th>figure</th>");
        foreach (var run in runs)
        {
            html.Append("<th>").Append(Encode(run.Label)).Append(run.Status == RunStatus.Aborted ? " (aborted)" : "").Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var figure in Figure.Verdict)
        {
            var best = figure.Best(runs);
            html.Append("<tr><td>").Append(Encode(figure.Label)).Append("</td>");
            for (var i = 0; i < runs.Count; i++)
            {
                html.Append(best[i] ? "<td class=\"best\">" : "<td>").Append(figure.Format(runs[i])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n<p class=\"meta\">The best value of each row is highlighted. Latency runs from the publisher's scheduled send time to receipt, over the measured window (warm-up excluded).</p>\n");
    }

    private static void WriteCharts(StringBuilder html, RunResult result)
    {
        var runs = result.Runs;
        HtmlPage.Chart(html, "latency-percentiles", "Latency by percentile", SvgCharts.LatencyPercentiles(
            "latency-percentiles",
            [.. runs.Select(run => (ChartSeries.Of(run), LatencyDistribution.Of(run, $"run {result.RunId}, {run.Label}")))]));
        HtmlPage.Chart(html, "delivered-per-second", "Delivered messages per second", SvgCharts.DeliveredPerSecond("delivered-per-second", runs));
        HtmlPage.Chart(html, "p99-over-time", "p99 latency over time", SvgCharts.P99OverTime("p99-over-time", runs));
        HtmlPage.Chart(html, "connections-over-time", "Connections over time", SvgCharts.ConnectionsOverTime("connections-over-time", runs));
        HtmlPage.Chart(html, "server-memory", "Server memory over time", SvgCharts.ServerMemoryOverTime("server-memory", runs));

        html.Append("<h2>Connection failures</h2>\n");
        if (SvgCharts.ConnectionFailures("connection-failures", runs) is not { } failures)
        {
            html.Append("<p id=\"connection-failures\">No connection failed.</p>\n");
            return;
        }

        html.Append("<figure id=\"connection-failures\">").Append(failures).Append("</figure>\n<table><tr><th>reason</th>");
        foreach (var run in runs)
        {
            html.Append("<th>").Append(Encode(run.Label)).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var reason in runs.SelectMany(r => r.Connections.FailuresByReason).Where(f => f.Value > 0).Select(f => f.Key).Distinct().Order(StringComparer.Ordinal))
        {
            html.Append("<tr><td>").Append(Encode(reason)).Append("</td>");
            foreach (var run in runs)
            {
                html.Append("<td>").Append(run.Connections.FailuresByReason.GetValueOrDefault(reason).ToString("N0", CultureInfo.InvariantCulture)).Append("</td>");
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

        html.Append("<table><tr><th>transport</th><th class=\"text\">threshold</th><th>actual</th><th>verdict</th></tr>\n");
        foreach (var run in runs)
        {
            foreach (var threshold in run.Thresholds)
            {
                html.Append("<tr><td>").Append(Encode(run.Label)).Append("</td><td class=\"text\">").Append(Encode(threshold.Text)).Append("</td><td>")
                    .Append(threshold.Actual is { } actual ? actual.ToString("0.###", CultureInfo.InvariantCulture) : "n/a")
                    .Append(threshold.Passed ? "</td><td class=\"pass\">pass" : "</td><td class=\"fail\">FAIL").Append("</td></tr>\n");
            }
        }

        html.Append("</table>\n");
    }

    private static void WriteKeyValues(StringBuilder html, string title, IEnumerable<KeyValuePair<string, string>> values)
    {
        html.Append("<h2>").Append(title).Append("</h2>\n<table>");
        foreach (var (key, value) in values)
        {
            html.Append("<tr><td>").Append(Encode(key)).Append("</td><td class=\"text\">").Append(Encode(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string Encode(string text) => HtmlPage.Encode(text);
}
