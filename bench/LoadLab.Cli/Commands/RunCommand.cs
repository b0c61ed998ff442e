using System.CommandLine;
using System.Globalization;
using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Reports;
using LoadLab.Results;

namespace LoadLab.Cli.Commands;

/// <summary>
/// <c>loadlab run FILE [--target URL] [--out DIR] [--set path=value ...]</c>: runs a scenario with a live
/// display, writes <c>results.json</c> (after every transport, atomically), <c>report.html</c> and
/// <c>summary.md</c>, prints the summary and the report's path last. Exit 0 when every threshold
/// passed, 1 when one failed or the run was interrupted, 2 for bad input or an unreachable target.
/// </summary>
internal static class RunCommand
{
    public const string DefaultScenario = "scenarios/quick.yaml";

    private static readonly ScenarioInput Input = new(DefaultScenario);

    private static readonly Option<string?> Out = new("--out") { Description = "Folder for results.json and the reports (default results/<run-id>).", HelpName = "dir" };

    private static readonly Option<int> Repeat = new("--repeat")
    {
        Description = "Run the scenario this many times into one results file, so the gate has repeated samples (default 1).",
        HelpName = "n",
        DefaultValueFactory = _ => 1,
        // A parser, not a validator: a validator reading the value of '--repeat abc' threw out of the parse (a stack trace, exit 134).
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "1";
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var repeat) && repeat is >= 1 and <= 100)
            {
                return repeat;
            }

            result.AddError($"--repeat must be between 1 and 100, got '{text}'");
            return 1;
        },
    };

    private static readonly IReportWriter[] Writers = [HtmlReportWriter.Default, MarkdownReportWriter.Default];

    public static Command Create()
    {
        var command = new Command("run", "Run a scenario and write results.json, report.html and summary.md.") { Input.File, Input.Target, Out, Input.Set, Repeat };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (await Input.LoadAsync(parse, "run") is not { } scenario)
        {
            return ExitCodes.BadInput;
        }

        var runId = RunSetup.NewRunId(scenario.Name);
        if (!ResultsFolder.TryClaim(parse.GetValue(Out), runId, out var folder, out var folderError))
        {
            await Console.Error.WriteLineAsync($"loadlab run: {folderError}");
            return ExitCodes.BadInput;
        }

        runId = ResultsFolder.RunIdOf(parse.GetValue(Out), runId, folder);

        RunResult result;
        try
        {
            // The engine is pinned before any server starts: a child inherits its parent's CPUs and is then moved to its own.
            CpuAffinity.Pin(Environment.ProcessId, scenario.Cpus.Engine);
            result = await ExecuteAsync(scenario, runId, folder, token => RunSetup.StartEmbeddedServerAsync(scenario.Cpus.Server, scenario.ServerSettings, token), parse.GetValue(Repeat), cancellationToken);
        }
        catch (TargetUnreachableException ex)
        {
            await Console.Error.WriteLineAsync($"loadlab run: {ex.Message}");
            return ExitCodes.BadInput;
        }

        if (await WriteReportsAsync(result, folder) is { } failure)
        {
            await Console.Error.WriteLineAsync($"loadlab run: {failure}");
            return ExitCodes.Failed;
        }

        RunDisplay.ShowSummary(result);
        Console.WriteLine($"results: {Path.Combine(folder, ResultsFile.FileName)}");
        Console.WriteLine($"report:  {Path.Combine(folder, HtmlReportWriter.Default.FileName)}");
        return Passed(result) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>
    /// Runs the scenario with the live display against the servers <paramref name="startServer"/> starts (when
    /// it has no target), writing <c>results.json</c> into <paramref name="folder"/> after every transport.
    /// </summary>
    internal static Task<RunResult> ExecuteAsync(Scenario scenario, string runId, string folder, Func<CancellationToken, Task<ITargetServer>> startServer, int repeat, CancellationToken cancellationToken)
    {
        var resultsPath = Path.Combine(folder, ResultsFile.FileName);
        var display = new RunDisplay(scenario);
        var options = new RunOptions
        {
            RunId = runId,
            ResolvedScenario = ScenarioFlattener.Flatten(scenario),
            GitCommit = RunSetup.GitCommit(),
            Checkpoint = (result, token) => ResultsFile.WriteAtomicallyAsync(resultsPath, result, token),
            Progress = display,
        };
        return RunRepeatedlyAsync(new ScenarioRunner(startServer), scenario, options, repeat, display, cancellationToken);
    }

    /// <summary>Writes <c>report.html</c> and <c>summary.md</c> next to <c>results.json</c>; the reason when one could not be written, else null.</summary>
    internal static async Task<string?> WriteReportsAsync(RunResult result, string folder)
    {
        try
        {
            foreach (var writer in Writers)
            {
                await using var output = new StreamWriter(Path.Combine(folder, writer.FileName));
                writer.Write(result, output);
            }

            return null;
        }
        catch (Exception ex) when (ex is ResultsFormatException or IOException or UnauthorizedAccessException)
        {
            return $"the results are in {Path.Combine(folder, ResultsFile.FileName)}, but a report could not be written: {ex.Message}";
        }
    }

    /// <summary>Every transport run completed and passed its thresholds.</summary>
    internal static bool Passed(RunResult result) =>
        result.Status == RunStatus.Completed && result.Runs.All(run => run.Thresholds.All(t => t.Passed));

    /// <summary>
    /// Runs the scenario <paramref name="repeat"/> times; each repetition's transport runs are appended to the
    /// same results file (marked with their repetition), which every checkpoint rewrites whole.
    /// </summary>
    private static async Task<RunResult> RunRepeatedlyAsync(ScenarioRunner runner, Scenario scenario, RunOptions options, int repeat, RunDisplay display, CancellationToken cancellationToken)
    {
        var earlier = new List<TransportRunResult>();
        RunResult? result = null;
        for (var repetition = 1; repetition <= repeat; repetition++)
        {
            var number = repetition;
            RunResult Combine(RunResult current) => current with
            {
                Runs = [.. earlier, .. current.Runs.Select(run => run with { Repetition = number })],
                Status = current.Status == RunStatus.Completed && number == repeat ? RunStatus.Completed : RunStatus.Aborted,
            };

            var repetitionOptions = options with { Checkpoint = (partial, token) => options.Checkpoint(Combine(partial), token) };
            var current = await display.ShowWhileAsync(runner.RunAsync(scenario, repetitionOptions, cancellationToken));
            result = Combine(current);
            if (current.Status != RunStatus.Completed)
            {
                break;
            }

            earlier.AddRange(result.Runs.Skip(earlier.Count));
        }

        return result!;
    }
}
