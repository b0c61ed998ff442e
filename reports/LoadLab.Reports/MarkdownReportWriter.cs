using System.Globalization;
using LoadLab.Results;

namespace LoadLab.Reports;

/// <summary>
/// <c>summary.md</c>: the verdict table and the thresholds in Markdown, for a terminal, a CI log or a pull
/// request comment. The best value of each row is in bold.
/// </summary>
public sealed class MarkdownReportWriter : IReportWriter
{
    public static readonly MarkdownReportWriter Default = new();

    public string FileName => "summary.md";

    public void Write(RunResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.Write($"## LoadLab: {Cell(result.Scenario)} ({result.RunId})\n\n");
        if (result.Status == RunStatus.Aborted)
        {
            output.Write("**Aborted run: the figures are partial.**\n\n");
        }

        var runs = result.Runs;
        output.Write("| figure | " + string.Join(" | ", runs.Select(r => Cell(r.Label))) + " |\n");
        output.Write("|---|" + string.Concat(runs.Select(_ => "---:|")) + "\n");
        foreach (var figure in Figure.Verdict)
        {
            var best = figure.Best(runs);
            output.Write($"| {figure.Label} | " + string.Join(" | ", runs.Select((run, i) => best[i] ? $"**{figure.Format(run)}**" : figure.Format(run))) + " |\n");
        }

        output.Write(ClockText.Markdown(result));
        foreach (var run in runs.Where(r => r.Client.Saturated))
        {
            output.Write($"\n> {Cell(run.Label)}: the load engine was saturated ({Cell(string.Join("; ", run.Client.SaturationReasons))}); these figures describe the harness, not the server.\n");
        }

        var thresholds = runs.SelectMany(run => run.Thresholds.Select(t => (run.Label, t))).ToList();
        if (thresholds.Count > 0)
        {
            output.Write("\n| transport | threshold | actual | verdict |\n|---|---|---:|---|\n");
            foreach (var (transport, threshold) in thresholds)
            {
                var actual = threshold.Actual is { } value ? value.ToString("0.###", CultureInfo.InvariantCulture) : "n/a";
                output.Write($"| {Cell(transport)} | {Cell(threshold.Text)} | {actual} | {(threshold.Passed ? "pass" : "**FAIL**")} |\n");
            }
        }
    }

    private static string Cell(string text) => MarkdownText.Cell(text);
}
