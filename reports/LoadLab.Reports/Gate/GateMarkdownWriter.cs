namespace LoadLab.Reports.Gate;

/// <summary>The gate's verdict as Markdown, for a CI job summary (<c>$GITHUB_STEP_SUMMARY</c>) or a pull request.</summary>
public static class GateMarkdownWriter
{
    public static void Write(GateReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var verdict = report.Regressed ? "**regression**" : report.Inconclusive ? "**inconclusive**" : "pass";
        output.Write($"## LoadLab gate: {verdict}\n\n");
        foreach (var reason in report.InconclusiveReasons)
        {
            output.Write($"> inconclusive: {Cell(reason)}\n");
        }

        foreach (var difference in report.ScenarioDifferences)
        {
            output.Write($"> not the same experiment: {Cell(difference)}\n");
        }

        output.Write("\n| transport | metric | baseline | current | change | tolerance | p-value | verdict |\n|---|---|---:|---:|---:|---:|---:|---|\n");
        foreach (var v in report.Verdicts)
        {
            var unit = v.Rule.Metric.Unit;
            output.Write($"| {Cell(v.Transport)} | {v.Rule.Metric.Name} | {GateFormat.Value(v.Baseline, unit)} | {GateFormat.Value(v.Current, unit)} | {GateFormat.Change(v.ChangePercent)} | {v.Rule.Text} | {GateFormat.PValue(v.PValue)} | {(v.Outcome == GateOutcome.Regression ? "**REGRESSION**" : GateFormat.Outcome(v.Outcome))} |\n");
        }
    }

    private static string Cell(string text) => MarkdownText.Cell(text);
}
