using System.Globalization;
using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Results;
using Spectre.Console;

namespace LoadLab.Cli;

/// <summary>
/// The presentation of <c>loadlab run</c>: a live table while it runs (a line every few seconds when the
/// output is not a terminal, as in CI logs) and the summary table at the end. Thread-safe: progress
/// arrives from the engine's sampler.
/// </summary>
internal sealed class RunDisplay(Scenario scenario) : IProgress<RunProgress>
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a progress line is printed when the output is a log rather than a terminal.</summary>
    private const int LogEverySeconds = 5;

    private volatile RunProgress? _latest;

    public void Report(RunProgress value)
    {
        _latest = value;
        if (!AnsiConsole.Profile.Capabilities.Interactive && (int)value.Elapsed.TotalSeconds % LogEverySeconds == 0)
        {
            Console.WriteLine(Line(value));
        }
    }

    public async Task<RunResult> ShowWhileAsync(Task<RunResult> running)
    {
        // The load as resolved (after --set), not only the file's description, which --set may have made stale.
        var load = string.Create(CultureInfo.InvariantCulture, $"{scenario.Stages.Max(stage => stage.Connections):N0} connections, {scenario.Publisher.Rate:0.##} msg/s");
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(scenario.Name)}[/] {Markup.Escape(scenario.Description)} [dim]({Markup.Escape(load)})[/]");
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await running;
        }

        var table = new Table().AddColumns("transport", "stage", "time", "connections", "delivered/s", "p99 (ms)", "errors");
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            while (!running.IsCompleted)
            {
                if (_latest is { } progress)
                {
                    table.Rows.Clear();
                    table.AddRow(
                        progress.Transport,
                        $"{progress.Stage}/{progress.StageCount}{(progress.Warmup ? " warm-up" : "")}",
                        $"{progress.Elapsed.TotalSeconds:F0}/{progress.Duration.TotalSeconds:F0} s",
                        $"{progress.Connections}/{progress.TargetConnections}",
                        progress.DeliveredPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                        progress.P99Milliseconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "-",
                        progress.Errors.ToString(CultureInfo.InvariantCulture));
                    context.Refresh();
                }

                await Task.WhenAny(running, Task.Delay(Refresh));
            }
        });
        return await running;
    }

    public static void ShowSummary(RunResult result)
    {
        var table = new Table().AddColumn("figure");
        foreach (var run in result.Runs)
        {
            table.AddColumn(new TableColumn(Markup.Escape(run.Transport)).RightAligned());
        }

        void Row(string label, Func<TransportRunResult, string> value) =>
            table.AddRow([Markup.Escape(label), .. result.Runs.Select(run => Markup.Escape(value(run)))]);

        Row("connections", run => $"{run.Connections.Established}/{run.Connections.Target} ({run.Connections.Failed} failed)");
        Row("latency p50 / p99 (ms)", run => Invariant($"{run.LatencyMs.P50:F2} / {run.LatencyMs.P99:F2}"));
        Row("delivered msg/s", run => Invariant($"{run.Throughput.DeliveredPerSec:N0}"));
        Row("lost / duplicated", run => Invariant($"{run.Messages.Lost} / {run.Messages.Duplicated}"));
        Row("server memory per connection", run => run.Server.MemoryPerConnectionBytes is { } bytes ? Invariant($"{bytes / 1024:F1} KiB") : "n/a");
        Row("server CPU per message", run => run.Server.CpuMicrosecondsPerDelivered is { } micros ? Invariant($"{micros:F1} µs") : "n/a");
        Row("client CPU", run => Invariant($"{run.Client.CpuSeconds:F2} s{(run.Client.CpuMicrosecondsPerReceived is { } perMessage ? Invariant($", {perMessage:F1} µs/msg") : "")}{(run.Client.Saturated ? " SATURATED" : "")}"));
        Row("thresholds", run => run.Thresholds.Count == 0 ? "-" : $"{run.Thresholds.Count(t => t.Passed)}/{run.Thresholds.Count} passed");
        AnsiConsole.Write(table);

        foreach (var (run, threshold) in result.Runs.SelectMany(run => run.Thresholds.Where(t => !t.Passed).Select(t => (run, t))))
        {
            AnsiConsole.MarkupLine($"[red]threshold failed[/] {Markup.Escape(run.Transport)}: {Markup.Escape(threshold.Text)} (actual {Markup.Escape(threshold.Actual?.ToString("0.###", CultureInfo.InvariantCulture) ?? "n/a")})");
        }

        if (result.Status == RunStatus.Aborted)
        {
            AnsiConsole.MarkupLine("[yellow]The run was interrupted: the results are partial and marked aborted.[/]");
        }
    }

    private static string Line(RunProgress progress) => string.Create(
        CultureInfo.InvariantCulture,
        $"{progress.Transport} {progress.Elapsed.TotalSeconds:F0}/{progress.Duration.TotalSeconds:F0}s stage {progress.Stage}/{progress.StageCount}{(progress.Warmup ? " (warm-up)" : "")}: {progress.Connections}/{progress.TargetConnections} connections, {progress.DeliveredPerSecond} delivered/s, p99 {progress.P99Milliseconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "-"} ms, {progress.Errors} errors");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
