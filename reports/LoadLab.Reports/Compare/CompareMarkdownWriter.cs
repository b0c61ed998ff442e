namespace LoadLab.Reports.Compare;

/// <summary>
/// The compare tables in Markdown, for the terminal, a CI log or a pull request: the settings that differ
/// first, then one table per section, each cell <c>value (change · p)</c> against its reference column.
/// </summary>
public static class CompareMarkdownWriter
{
    public static void Write(Comparison comparison, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(output);
        var runs = comparison.Runs;
        output.Write($"## LoadLab compare: {string.Join(" vs ", runs.Select(run => Cell(run.Name)))}\n\n");
        var experiment = comparison.Differences.Where(difference => !difference.Key.StartsWith("environment.", StringComparison.Ordinal)).Select(difference => difference.Key).ToList();
        if (experiment.Count > 0)
        {
            output.Write($"**Not the same experiment:** {Cell(ChangeText.Differ(experiment))} between the columns.\n\n");
        }

        if (comparison.Differences.Count > 0)
        {
            Header(output, "setting", runs);
            foreach (var difference in comparison.Differences)
            {
                output.Write($"| {Cell(difference.Key)} | {string.Join(" | ", difference.Values.Select(value => value is null ? "_absent_" : Cell(value)))} |\n");
            }

            output.Write('\n');
        }

        foreach (var run in runs.Where(run => run.Aborted || run.Saturated))
        {
            output.Write($"> {Cell(run.Name)}: {(run.Aborted ? "aborted run, figures partial" : "the load engine was saturated; the figures describe the harness, not the server")}.\n");
        }

        foreach (var section in comparison.Sections)
        {
            output.Write($"### {section.Title}\n\n");
            Header(output, "figure", runs);
            foreach (var row in section.Rows)
            {
                output.Write($"| {row.Label} | {string.Join(" | ", row.Cells.Select(cell => Value(row, cell)))} |\n");
            }

            output.Write('\n');
        }

        output.Write($"Changes: {CompareHtmlWriter.ReferenceText(comparison)}; `worse`/`better` only when more than noise (Mann–Whitney U, p < 0.05, on per-second samples; exact counts need no test).\n");
    }

    private static string Value(ComparedRow row, ComparedValue cell)
    {
        var value = row.Format(cell.Value);
        if (cell.Significance == Significance.Reference)
        {
            return value;
        }

        var verdict = ChangeText.Verdict(cell);
        var text = $"{value} ({ChangeText.Of(cell)}{(verdict is "worse" or "better" ? " · " + verdict : "")})";
        return cell.Real ? $"**{text}**" : text;
    }

    private static void Header(TextWriter output, string first, IReadOnlyList<ComparedRun> runs)
    {
        output.Write($"| {first} | {string.Join(" | ", runs.Select(run => Cell(run.Name)))} |\n");
        output.Write("|---|" + string.Concat(runs.Select(_ => "---:|")) + "\n");
    }

    private static string Cell(string text) => MarkdownText.Cell(text);
}
