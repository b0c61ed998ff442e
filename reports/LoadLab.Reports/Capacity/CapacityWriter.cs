using System.Globalization;
using System.Text;
using LoadLab.Charts;
using LoadLab.Results;

namespace LoadLab.Reports.Capacity;

/// <summary>
/// The capacity search as Markdown (terminal, CI) and as a self-contained HTML page (the run report's rules:
/// inline CSS and SVG, no script, every string encoded): per transport the highest sustainable throughput,
/// then every step with its figures and why it was not sustained, and the latency-by-throughput curve.
/// </summary>
public static class CapacityWriter
{
    public static void WriteMarkdown(CapacityReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.Write($"## LoadLab capacity: {MarkdownText.Cell(report.Scenario)} ({MarkdownText.Cell(report.RunId)})\n\n");
        foreach (var (transport, steps) in report.Transports)
        {
            output.Write($"**{MarkdownText.Cell(transport)}: {Verdict(steps)}**\n\n");
            output.Write("| publish rate (msg/s) | delivered msg/s | p50 (ms) | p99 (ms) | lost | server CPU/msg (µs) | verdict |\n|---:|---:|---:|---:|---:|---:|---|\n");
            var knee = CapacityReport.Knee(steps);
            foreach (var step in steps)
            {
                string[] cells = [.. Cells(step), MarkdownText.Cell(StepVerdict(step, knee))];
                output.Write("| " + string.Join(" | ", step == knee ? cells.Select(cell => $"**{cell}**") : cells) + " |\n");
            }

            output.Write('\n');
        }
    }

    public static void WriteHtml(CapacityReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>LoadLab capacity · ").Append(HtmlPage.Encode(report.Scenario))
            .Append("</title><style>").Append(HtmlPage.Style).Append("</style></head><body>\n<h1>Capacity: ").Append(HtmlPage.Encode(report.Scenario))
            .Append("</h1>\n<p class=\"meta\">run ").Append(HtmlPage.Encode(report.RunId))
            .Append(" · the publish rate steps up, one run per step, until a step breaks a threshold or saturates the load engine; the knee is the last sustained step.</p>\n");
        html.Append("<h2>Highest sustainable throughput</h2>\n<table id=\"knees\"><tr><th>transport</th><th class=\"text\">verdict</th></tr>\n");
        foreach (var (transport, steps) in report.Transports)
        {
            html.Append("<tr><td>").Append(HtmlPage.Encode(transport)).Append("</td><td class=\"text\">").Append(HtmlPage.Encode(Verdict(steps))).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        foreach (var (transport, steps) in report.Transports)
        {
            var knee = CapacityReport.Knee(steps);
            html.Append("<h2>").Append(HtmlPage.Encode(transport)).Append("</h2>\n<table class=\"steps\"><tr><th>publish rate (msg/s)</th><th>delivered msg/s</th><th>p50 (ms)</th><th>p99 (ms)</th><th>lost</th><th>server CPU/msg (µs)</th><th class=\"text\">verdict</th></tr>\n");
            foreach (var step in steps)
            {
                html.Append(step == knee ? "<tr class=\"knee\">" : "<tr>");
                foreach (var cell in Cells(step))
                {
                    html.Append(step == knee ? "<td class=\"best\">" : "<td>").Append(cell).Append("</td>");
                }

                html.Append("<td class=\"text").Append(step.Sustained ? " pass" : " fail").Append("\">").Append(HtmlPage.Encode(StepVerdict(step, knee))).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        HtmlPage.Chart(html, "capacity-curve", "Latency by throughput", SvgCharts.CapacityCurve(
            "capacity-curve",
            [.. report.Transports.Select(t => (new ChartSeries(t.Transport, t.Transport, 0), t.Steps, CapacityReport.Knee(t.Steps)))]));
        html.Append("</body></html>\n");
        output.Write(html.ToString());
    }

    private static string Verdict(IReadOnlyList<CapacityStep> steps) => CapacityReport.Knee(steps) switch
    {
        null => steps.Count == 0 ? "not measured" : $"not sustained even at {Rate(steps[0].Rate)} msg/s: {string.Join("; ", steps[0].Failures)}",
        var knee when CapacityReport.Open(steps) => $"{Count(knee.Run.Throughput.DeliveredPerSec)} delivered msg/s at {Rate(knee.Rate)} msg/s, the highest rate tried: the knee is higher",
        var knee => $"{Count(knee.Run.Throughput.DeliveredPerSec)} delivered msg/s at {Rate(knee.Rate)} msg/s (p99 {Ms(knee.Run.LatencyMs.P99)} ms)",
    };

    /// <summary>A step's figures in the tables' column order.</summary>
    private static string[] Cells(CapacityStep step) =>
        [Rate(step.Rate), Count(step.Run.Throughput.DeliveredPerSec), Ms(step.Run.LatencyMs.P50), Ms(step.Run.LatencyMs.P99), Count(step.Run.Messages.Lost), Micro(step.Run.Server.CpuMicrosecondsPerDelivered)];

    private static string StepVerdict(CapacityStep step, CapacityStep? knee) =>
        step.Sustained ? (step == knee ? "sustained: knee" : "sustained") : string.Join("; ", step.Failures);

    private static string Rate(double rate) => rate.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString("N2", CultureInfo.InvariantCulture);

    private static string Micro(double? value) => value is { } known ? known.ToString("N2", CultureInfo.InvariantCulture) : "n/a";
}
