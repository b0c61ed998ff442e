using System.Globalization;
using System.Text;
using LoadLab.Charts;

namespace LoadLab.Reports.Compare;

/// <summary>
/// <c>compare.html</c>: every column side by side on one self-contained page (the run report's rules:
/// inline CSS and SVG, no script, no external reference, every string from a file encoded). At the top the
/// settings that differ between columns, so that two different experiments are never read as one; then a
/// table per section with each value, its change against its reference column and whether that change is
/// more than noise; then the overlaid charts.
/// </summary>
public static class CompareHtmlWriter
{
    public static void Write(Comparison comparison, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(output);
        var html = new StringBuilder();
        var runs = comparison.Runs;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>LoadLab compare · ")
            .Append(Encode(string.Join(" vs ", runs.Select(run => run.Name)))).Append("</title><style>").Append(HtmlPage.Style).Append("</style></head><body>\n")
            .Append("<h1>LoadLab compare</h1>\n<p class=\"meta\">").Append(runs.Count.ToString(CultureInfo.InvariantCulture))
            .Append(" runs, ").Append(Encode(ReferenceText(comparison))).Append(".</p>\n");
        WriteFiles(html, comparison.Files);
        WriteDifferences(html, comparison);
        WriteBanners(html, runs);
        foreach (var section in comparison.Sections)
        {
            WriteSection(html, section, comparison);
        }

        html.Append("<p class=\"meta\">Each cell: the value (the mean over repetitions), then its change against its reference column. ")
            .Append("A change is <span class=\"worse\">worse</span> or <span class=\"better\">better</span> only when it is more than noise: a Mann–Whitney U test, p &lt; ")
            .Append(Comparison.Alpha.ToString(CultureInfo.InvariantCulture))
            .Append(", on the per-second samples of the measured window (or on the repetitions' values for a figure with no per-second series). ")
            .Append("Counts such as lost messages are exact and need no test; <em>untested</em> means one value per side: run <code>--repeat</code>.</p>\n");
        WriteCharts(html, runs);
        html.Append("</body></html>\n");
        output.Write(html.ToString());
    }

    private static void WriteFiles(StringBuilder html, IReadOnlyList<ComparedFile> files)
    {
        html.Append("<h2>Runs</h2>\n<table id=\"files\"><tr><th>name</th><th class=\"text\">file</th><th class=\"text\">scenario</th><th class=\"text\">run</th><th class=\"text\">started</th><th class=\"text\">status</th></tr>\n");
        foreach (var file in files)
        {
            html.Append("<tr><td>").Append(Encode(file.Name)).Append("</td><td class=\"text\">").Append(Encode(file.Path))
                .Append("</td><td class=\"text\">").Append(Encode(file.Result.Scenario)).Append("</td><td class=\"text\">").Append(Encode(file.Result.RunId))
                .Append("</td><td class=\"text\">").Append(file.Result.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))
                .Append("</td><td class=\"text\">").Append(Encode(file.Result.Status)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void WriteDifferences(StringBuilder html, Comparison comparison)
    {
        var experiment = comparison.Differences.Where(difference => !difference.Key.StartsWith("environment.", StringComparison.Ordinal)).ToList();
        html.Append("<h2>What differs between the runs</h2>\n<div id=\"differences\">");
        if (comparison.Differences.Count == 0)
        {
            html.Append("<p>Nothing: the same scenario, transport and environment in every column.</p></div>\n");
            return;
        }

        if (experiment.Count > 0)
        {
            html.Append("<div class=\"banner differs\"><strong>Not the same experiment:</strong> ")
                .Append(Encode(ChangeText.Differ([.. experiment.Select(difference => difference.Key)])))
                .Append(" between the columns. Read the changes below as the effect of all of these at once.</div>\n");
        }

        html.Append("<table><tr><th>setting</th>");
        foreach (var run in comparison.Runs)
        {
            html.Append("<th>").Append(Encode(run.Name)).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var difference in comparison.Differences)
        {
            html.Append("<tr><td>").Append(Encode(difference.Key)).Append("</td>");
            foreach (var value in difference.Values)
            {
                html.Append("<td class=\"text\">").Append(value is null ? "<em>absent</em>" : Encode(value)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table></div>\n");
    }

    private static void WriteBanners(StringBuilder html, IReadOnlyList<ComparedRun> runs)
    {
        foreach (var run in runs.Where(run => run.Aborted))
        {
            html.Append("<div class=\"banner aborted\"><strong>").Append(Encode(run.Name)).Append(": aborted run.</strong> Its figures are partial.</div>\n");
        }

        foreach (var run in runs.Where(run => run.Saturated))
        {
            html.Append("<div class=\"banner saturated\"><strong>").Append(Encode(run.Name))
                .Append(": the load engine was saturated.</strong> Its figures describe the harness, not the server: ")
                .Append(Encode(string.Join("; ", run.Repetitions.SelectMany(r => r.Client.SaturationReasons).Distinct(StringComparer.Ordinal)))).Append("</div>\n");
        }
    }

    private static void WriteSection(StringBuilder html, ComparedSection section, Comparison comparison)
    {
        var runs = comparison.Runs;
        var id = "section-" + section.Title.ToLowerInvariant().Replace(' ', '-');
        html.Append("<h2>").Append(Encode(section.Title)).Append("</h2>\n<table id=\"").Append(id).Append("\"><tr><th>figure</th>");
        foreach (var run in runs)
        {
            html.Append("<th>").Append(Encode(run.Name));
            var notes = (comparison.ReferenceOf(run) == run ? ["reference"] : Array.Empty<string>())
                .Concat(run.Repetitions.Count > 1 ? [$"{run.Repetitions.Count.ToString(CultureInfo.InvariantCulture)} repetitions"] : []).ToList();
            if (notes.Count > 0)
            {
                html.Append(" <span class=\"change\">").Append(string.Join(", ", notes)).Append("</span>");
            }

            html.Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var row in section.Rows)
        {
            html.Append("<tr><td>").Append(Encode(row.Label)).Append("</td>");
            foreach (var cell in row.Cells)
            {
                var verdict = ChangeText.Verdict(cell);
                html.Append("<td>").Append(row.Format(cell.Value));
                if (cell.Significance != Significance.Reference)
                {
                    html.Append("<span class=\"change").Append(verdict.Length > 0 ? " " + verdict : "").Append("\">").Append(Encode(ChangeText.Of(cell)));
                    if (verdict is "worse" or "better")
                    {
                        html.Append(" · ").Append(verdict);
                    }

                    html.Append("</span>");
                }

                html.Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void WriteCharts(StringBuilder html, IReadOnlyList<ComparedRun> runs)
    {
        var firsts = runs.Select(run => (run.Series, run.First)).ToList();
        HtmlPage.Chart(html, "latency-percentiles", "Latency by percentile", SvgCharts.LatencyPercentiles(
            "latency-percentiles", [.. runs.Select(run => (run.Series, LatencyDistribution.Merged(run.Repetitions, run.File.Path)))]));
        if (runs.Any(run => run.Repetitions.Count > 1))
        {
            html.Append("<p class=\"meta\">Repeated runs: the percentiles merge every repetition's histogram; the charts over time show the first repetition.</p>\n");
        }

        HtmlPage.Chart(html, "delivered-per-second", "Delivered messages per second", SvgCharts.DeliveredPerSecond("delivered-per-second", firsts));
        HtmlPage.Chart(html, "p99-over-time", "p99 latency over time", SvgCharts.P99OverTime("p99-over-time", firsts));
        HtmlPage.Chart(html, "connections-over-time", "Connections over time", SvgCharts.ConnectionsOverTime("connections-over-time", firsts));
        HtmlPage.Chart(html, "server-memory", "Server memory over time", SvgCharts.ServerMemoryOverTime("server-memory", firsts));
    }

    /// <summary>"each compared with the first (base · ws)", or with the first column of its transport.</summary>
    internal static string ReferenceText(Comparison comparison) => comparison.Reference == ComparisonReference.SameTransport
        ? "each compared with the first column of its transport"
        : $"each compared with the first ({comparison.Runs[0].Name})";

    private static string Encode(string text) => HtmlPage.Encode(text);
}
