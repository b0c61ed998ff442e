using System.CommandLine;
using System.Globalization;
using System.Text;
using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Reports.Capacity;
using LoadLab.Results;

namespace LoadLab.Cli.Commands;

/// <summary>
/// <c>loadlab capacity FILE [--out DIR] [--set ...]</c>: steps the publish rate of a scenario with
/// <c>capacity.rates</c> up, one run per step and transport, until a step breaks a threshold or saturates the
/// engine; writes each step's <c>results.json</c>, then <c>capacity.md</c> and <c>capacity.html</c> marking the
/// knee. Exit 0 when the search ran, 1 when it was interrupted, 2 for bad input or an unreachable target.
/// </summary>
internal static class CapacityCommand
{
    public const string DefaultScenario = "scenarios/capacity.yaml";

    private static readonly ScenarioInput Input = new(DefaultScenario);

    private static readonly Option<string?> Out = new("--out") { Description = "Folder for the steps' results and the capacity report (default results/<run-id>).", HelpName = "dir" };

    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    public static Command Create()
    {
        var command = new Command("capacity", "Step the publish rate up until the server no longer keeps up: the highest sustainable throughput per transport.") { Input.File, Input.Target, Out, Input.Set };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (await Input.LoadAsync(parse, "capacity") is not { } scenario)
        {
            return ExitCodes.BadInput;
        }

        if (scenario.CapacityRates.Count == 0)
        {
            await Console.Error.WriteLineAsync($"loadlab capacity: {scenario.Source}: capacity.rates: is required: list the publish rates to step through, e.g. capacity: {{rates: [10, 50, 100]}}");
            return ExitCodes.BadInput;
        }

        var runId = RunSetup.NewRunId(scenario.Name);
        if (!ResultsFolder.TryClaim(parse.GetValue(Out), runId, out var folder, out var folderError))
        {
            await Console.Error.WriteLineAsync($"loadlab capacity: {folderError}");
            return ExitCodes.BadInput;
        }

        runId = ResultsFolder.RunIdOf(parse.GetValue(Out), runId, folder);

        CpuAffinity.Pin(Environment.ProcessId, scenario.Cpus.Engine);
        var search = new CapacitySearch(new ScenarioRunner(token => RunSetup.StartEmbeddedServerAsync(scenario.Cpus.Server, scenario.ServerSettings, token)));
        var gitCommit = RunSetup.GitCommit();
        var transports = new List<(string, IReadOnlyList<CapacityStep>)>();
        try
        {
            foreach (var transport in scenario.Transports)
            {
                var steps = await search.RunAsync(scenario, transport, step => StepOptions(step, runId, folder, gitCommit), cancellationToken);
                transports.Add((transport.ToName(), steps));
            }
        }
        catch (TargetUnreachableException ex)
        {
            await Console.Error.WriteLineAsync($"loadlab capacity: {ex.Message}");
            return ExitCodes.BadInput;
        }

        var report = new CapacityReport(scenario.Name, runId, transports);
        using var markdown = new StringWriter(CultureInfo.InvariantCulture);
        CapacityWriter.WriteMarkdown(report, markdown);
        using var html = new StringWriter(CultureInfo.InvariantCulture);
        CapacityWriter.WriteHtml(report, html);
        await System.IO.File.WriteAllTextAsync(Path.Combine(folder, "capacity.md"), markdown.ToString(), Utf8WithoutBom, CancellationToken.None);
        await System.IO.File.WriteAllTextAsync(Path.Combine(folder, "capacity.html"), html.ToString(), Utf8WithoutBom, CancellationToken.None);
        Console.WriteLine();
        Console.Write(markdown.ToString());
        Console.WriteLine($"capacity report: {Path.Combine(folder, "capacity.html")}");
        return cancellationToken.IsCancellationRequested ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>Each step writes its own results file, checkpointed like a run's, so an interrupted search keeps every step it made.</summary>
    private static RunOptions StepOptions(Scenario step, string runId, string folder, string? gitCommit)
    {
        var transport = step.Transports[0].ToName();
        var rate = step.Publisher.Rate.ToString(CultureInfo.InvariantCulture);
        var resultsPath = Path.Combine(folder, $"{transport}-rate-{rate}", ResultsFile.FileName);
        Console.WriteLine($"capacity: {transport} at {rate} msg/s");
        return new RunOptions
        {
            RunId = $"{runId}-{transport}-{rate}",
            ResolvedScenario = ScenarioFlattener.Flatten(step),
            GitCommit = gitCommit,
            Checkpoint = (result, token) => ResultsFile.WriteAtomicallyAsync(resultsPath, result, token),
        };
    }
}
