using System.Globalization;
using System.Text;
using LoadLab.Results;

namespace LoadLab.Reports.Targets;

/// <summary>The scale targets of one sitting as a Markdown table, the form <c>docs/performance.md</c> quotes.</summary>
public static class TargetsMarkdownWriter
{
    public static string Write(IReadOnlyList<SittingRound> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        var results = rounds.SelectMany(round => new[] { round.Broadcast, round.Million, round.Connects, round.Held }).SelectMany(row => row.Values).ToList();
        var text = new StringBuilder();
        text.AppendLine("# Scale targets: one sitting").AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"{rounds.Count} round{(rounds.Count == 1 ? "" : "s")}");
        if (results.Count > 0)
        {
            var commits = results.Select(result => result.Environment.GitCommit).OfType<string>().Select(commit => commit[..Math.Min(7, commit.Length)]).Distinct().ToList();
            text.Append(CultureInfo.InvariantCulture, $", {results.Min(result => result.StartedAt).UtcDateTime:yyyy-MM-dd HH:mm}–{results.Max(result => result.StartedAt).UtcDateTime:HH:mm} UTC");
            text.Append(commits.Count == 0 ? "" : $", commit {string.Join(", ", commits)}");
        }

        text.AppendLine(". Each cell is the median of the rounds with their range in brackets. A ratio is LoadLab's median over the")
            .AppendLine("floor's; \"met\" counts LoadLab's runs (one per transport per round) that held the line, a ratio against its own")
            .AppendLine("round's floor run (the machine's speed drifts between rounds).")
            .AppendLine()
            .AppendLine("| target | LoadLab | Node peers | floor (`../shared/limit`) | ratio to the floor | line | met? |")
            .AppendLine("|---|---|---|---|---|---|---|");
        foreach (var row in ScaleTargets.Evaluate(rounds))
        {
            text.AppendLine($"| {Cells(row.What, row.LoadLab, row.Peers, row.Floor, row.Ratio, row.Line, row.Verdict.Text)} |");
        }

        var unfinished = results.Where(result => result.Status != RunStatus.Completed).Select(result => result.RunId).ToList();
        if (unfinished.Count > 0)
        {
            text.AppendLine().AppendLine($"Interrupted runs (their figures are partial): {string.Join(", ", unfinished)}.");
        }

        return text.ToString();
    }

    private static string Cells(params string[] cells) => string.Join(" | ", cells.Select(MarkdownText.Cell));
}
