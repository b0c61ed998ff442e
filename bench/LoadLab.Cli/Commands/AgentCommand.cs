using System.CommandLine;
using System.Globalization;
using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Engine.Sharding;
using LoadLab.Results;

namespace LoadLab.Cli.Commands;

/// <summary>
/// <c>loadlab agent --shard i/n SCENARIO --target URL [--start-at TIME] [--run-id ID] [--out DIR] [--set ...]</c>: one
/// load agent of a sharded run. It estimates its clock offset to the target, waits for the common start time (on
/// the target's clock), runs its share of the connections and of the publishing, and writes
/// <c>DIR/shard-i-of-n.json</c> for <c>loadlab merge</c>. Exit 0 when its run completed (thresholds are judged on the
/// merged result), 1 when it was interrupted, 2 for bad input or an unreachable target.
/// </summary>
internal static class AgentCommand
{
    private static readonly ScenarioInput Input = new("scenarios/sharded.yaml");

    private static readonly Option<string> Shard = new("--shard") { Description = "Which shard this agent runs: i/n, connection k belongs to shard k mod n + 1.", HelpName = "i/n", Required = true };

    private static readonly Option<string?> StartAt = new("--start-at")
    {
        Description = "When every agent starts, ISO 8601 UTC (2026-11-25T12:00:00Z), read on the target's clock; absent: now. It also names the run.",
        HelpName = "time",
    };

    private static readonly Option<string?> RunId = new("--run-id") { Description = "The run id every agent of the run shares (default: from --start-at and the scenario name).", HelpName = "id" };

    private static readonly Option<string?> Out = new("--out") { Description = "Folder for shard-i-of-n.json (default results/<run-id>); shared by the agents.", HelpName = "dir" };

    public static Command Create()
    {
        var command = new Command("agent", "Run one shard of a scenario against a shared target, for 'loadlab merge'.") { Input.File, Input.Target, Shard, StartAt, RunId, Out, Input.Set };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (await Input.LoadAsync(parse, "agent") is not { } scenario)
        {
            return ExitCodes.BadInput;
        }

        if (Check(scenario, parse) is not { } setup)
        {
            return ExitCodes.BadInput;
        }

        var (shard, startAt, runId) = setup;
        var folder = parse.GetValue(Out) ?? Path.Combine("results", runId);
        var path = Path.Combine(folder, FileName(shard));
        if (File.Exists(path))
        {
            return await BadInputAsync($"{path} already exists; results are never overwritten: give a new --out or --run-id");
        }

        Directory.CreateDirectory(folder);
        CpuAffinity.Pin(Environment.ProcessId, scenario.Cpus.Engine);
        ClockOffset clock;
        try
        {
            // No proxy: it would add its own delay to the round trips, as ScenarioRunner's clients use none.
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
            clock = await ClockOffsetEstimator.EstimateAsync(http, scenario.Target!, ClockOffsetEstimator.DefaultSamples, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return await BadInputAsync($"cannot reach target {scenario.Target} to read its clock: {ex.Message}");
        }

        var start = startAt ?? DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(clock.OffsetMs);
        Console.WriteLine(Invariant($"agent {shard} of run {runId}: clock offset to {scenario.Target} {clock.OffsetMs:+0.###;-0.###;0} ms ± {clock.UncertaintyMs:0.###} ms ({clock.Source}, best of {clock.Samples}); starts {start:yyyy-MM-ddTHH:mm:ss.fffZ} on the target's clock"));
        var options = new RunOptions
        {
            RunId = runId,
            ResolvedScenario = ScenarioFlattener.Flatten(scenario),
            GitCommit = RunSetup.GitCommit(),
            Checkpoint = (result, token) => ResultsFile.WriteAtomicallyAsync(path, result, token),
            Shard = new ShardRun { Shard = shard, Publishing = scenario.Publisher.Shards, RunId = runId, StartAt = start, Clock = clock },
        };

        RunResult result;
        try
        {
            var display = new RunDisplay(scenario);
            result = await display.ShowWhileAsync(new ScenarioRunner(_ => throw new InvalidOperationException("an agent never starts an embedded server"))
                .RunAsync(scenario, options with { Progress = display }, cancellationToken));
        }
        catch (TargetUnreachableException ex)
        {
            return await BadInputAsync(ex.Message);
        }

        RunDisplay.ShowSummary(result);
        Console.WriteLine($"results: {path}");
        return result.Status == RunStatus.Completed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>The file an agent writes: one name per shard, so agents can share a folder.</summary>
    public static string FileName(ShardSpec shard) => Invariant($"shard-{shard.Index}-of-{shard.Count}.json");

    private static (ShardSpec Shard, DateTimeOffset? StartAt, string RunId)? Check(Scenario scenario, ParseResult parse)
    {
        if (scenario.Target is null)
        {
            Console.Error.WriteLine("loadlab agent: --target is required: the agents of a run share one server, an agent never starts an embedded one");
            return null;
        }

        if (!ShardSpec.TryParse(parse.GetValue(Shard)!, out var shard, out var shardError))
        {
            Console.Error.WriteLine($"loadlab agent: --shard {shardError}");
            return null;
        }

        DateTimeOffset? startAt = null;
        if (parse.GetValue(StartAt) is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                Console.Error.WriteLine($"loadlab agent: --start-at '{text}' is not an ISO 8601 time such as 2026-11-25T12:00:00Z");
                return null;
            }

            startAt = parsed;
        }

        var runId = parse.GetValue(RunId)
            ?? (startAt is { } at ? RunSetup.RunIdAt(at, scenario.Name) : null);
        if (runId is null)
        {
            runId = RunSetup.NewRunId(scenario.Name);
            if (shard!.Count > 1)
            {
                Console.Error.WriteLine($"loadlab agent: without --start-at or --run-id this agent's run is '{runId}': give the other agents --run-id {runId} so they share its topics");
            }
        }

        return (shard!, startAt, runId);
    }

    private static async Task<int> BadInputAsync(string message)
    {
        await Console.Error.WriteLineAsync($"loadlab agent: {message}");
        return ExitCodes.BadInput;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
