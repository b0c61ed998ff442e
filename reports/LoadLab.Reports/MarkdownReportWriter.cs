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

        foreach (var line in runs.SelectMany(FaultSummary.Lines))
        {
            output.Write($"\n- {Cell(line)}");
        }

        foreach (var run in runs.Where(r => r.Reconnects is { Drops: > 0 }))
        {
            var reconnects = run.Reconnects!;
            output.Write(string.Create(CultureInfo.InvariantCulture,
                $"\n- {Cell(run.Label)}: {reconnects.Drops:N0} connections lost, {reconnects.Reconnected:N0} reconnected in {reconnects.Attempts:N0} attempts, reconnect time p50 {reconnects.TimeMs.P50:0.#} ms / p99 {reconnects.TimeMs.P99:0.#} ms; {run.Messages.Lost:N0} lost, {run.Messages.Duplicated:N0} duplicated"));
        }

        foreach (var run in runs.Where(r => r.SlowClients is not null))
        {
            var slow = run.SlowClients!;
            output.Write(string.Create(CultureInfo.InvariantCulture,
                $"\n- {Cell(run.Label)}: {slow.Clients:N0} slow clients; healthy p99 {slow.HealthyLatencyMs.P99:0.##} ms, slow p99 {slow.SlowLatencyMs.P99:0.##} ms; {slow.ServerSlowConsumersDisconnected?.ToString("N0", CultureInfo.InvariantCulture) ?? "n/a"} disconnected by the server, {slow.ServerMessagesDropped?.ToString("N0", CultureInfo.InvariantCulture) ?? "n/a"} messages dropped by the server (full queue)"));
        }

        if (runs.Any(r => r.Faults is { Count: > 0 } || r.Reconnects is { Drops: > 0 } || r.SlowClients is not null))
        {
            output.Write("\n");
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
