using System.CommandLine;
using LoadLab.Cli.Peers;
using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Reports.Compare;
using LoadLab.Results;
using Spectre.Console;

namespace LoadLab.Cli.Commands;

/// <summary>
/// <c>loadlab peers [FILE] [--out DIR] [--set path=value ...]</c>: the same scenario against LoadLab's reference
/// server (every transport of the scenario), the Node <c>ws</c> peer (ws) and the Node SSE peer (sse), each into
/// its own folder as <c>run</c> writes it (<c>loadlab/</c>, <c>node-ws/</c>, <c>node-sse/</c>), then one compare
/// page (<c>compare.html</c>, <c>compare.md</c>, the Markdown printed). Exit 0 when every run completed and
/// passed its thresholds, 1 when one failed or the run was interrupted, 2 for a scenario the peers cannot
/// run or a missing Node.js/npm (nothing was started).
/// </summary>
internal static class PeersCommand
{
    public const string DefaultScenario = "scenarios/peers.yaml";

    /// <summary>Beyond its run's duration, how long a peer may outlive a load engine that was killed.</summary>
    private static readonly TimeSpan PeerGrace = TimeSpan.FromMinutes(2);

    private static readonly Argument<string> File = new("scenario") { Description = "The scenario file (see scenarios/README.md).", DefaultValueFactory = _ => DefaultScenario };

    private static readonly Option<string?> Out = new("--out") { Description = "Folder for the three result folders and the compare page (default results/<run-id>-peers).", HelpName = "dir" };

    private static readonly Option<string[]> Set = new("--set")
    {
        Description = "Override a scenario field, checked like the file: --set stages[0].rampTo=500 (repeatable).",
        HelpName = "path=value",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Command Create()
    {
        var command = new Command("peers", "Run a scenario against the reference server and the Node.js ws and SSE peers (bench/peers), then compare them.") { File, Out, Set };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        Scenario scenario;
        try
        {
            scenario = ScenarioLoader.Load(parse.GetValue(File)!, parse.GetValue(Set) ?? []);
            Check(scenario);
        }
        catch (ScenarioException ex)
        {
            await Console.Error.WriteLineAsync($"loadlab peers: {ex.Message}");
            return ExitCodes.BadInput;
        }

        if (RepositoryRoot.Find(Path.Combine("bench", "peers", NodePeer.Sse.Script)) is not { } root)
        {
            await Console.Error.WriteLineAsync($"loadlab peers: no bench/peers/ found above {Environment.CurrentDirectory}; run it from the LoadLab checkout");
            return ExitCodes.BadInput;
        }

        var peersFolder = Path.Combine(root, "bench", "peers");
        var installFolder = Path.Combine(root, "artifacts", "peers");
        var peers = new[] { NodePeer.WebSocket, NodePeer.Sse }.Where(peer => scenario.Transports.Contains(peer.Transport)).ToList();
        try
        {
            Console.WriteLine($"node {await NodePeer.VersionAsync(cancellationToken)}");
            if (peers.Contains(NodePeer.WebSocket) && !PeerModules.IsInstalled(peersFolder, installFolder))
            {
                Console.WriteLine($"installing ws 8 for the Node WebSocket peer: npm ci --prefix {installFolder}");
                await PeerModules.InstallAsync(peersFolder, installFolder, cancellationToken);
            }
        }
        catch (PeerSetupException ex)
        {
            await Console.Error.WriteLineAsync($"loadlab peers: {ex.Message}");
            return ExitCodes.BadInput;
        }

        // The engine is pinned before any server starts: a child inherits its parent's CPUs and is then moved to its own.
        CpuAffinity.Pin(Environment.ProcessId, scenario.Cpus.Engine);
        Console.WriteLine(scenario.Cpus == CpuPinning.None
            ? "not pinned: the scenario sets no cpus"
            : $"pinned: every server on CPU {CpuPinning.Format(scenario.Cpus.Server)}, the load engine on CPU {CpuPinning.Format(scenario.Cpus.Engine)}");
        var exitAfter = scenario.Duration + PeerGrace;
        var nodeModules = PeerModules.NodeModules(installFolder);

        Contender[] contenders =
        [
            new("loadlab", $"LoadLab reference server ({string.Join(", ", scenario.Transports.Select(t => t.ToName()))})", scenario,
                token => RunSetup.StartEmbeddedServerAsync(scenario.Cpus.Server, scenario.ServerSettings, token)),
            .. peers.Select(peer => new Contender(peer.Name, $"node {peer.Script} ({peer.Transport.ToName()})", peer.Apply(scenario),
                token => peer.StartAsync(peersFolder, nodeModules, scenario.Cpus.Server, exitAfter, token))),
        ];

        var runId = RunSetup.NewRunId(scenario.Name);
        var folder = parse.GetValue(Out) ?? Path.Combine("results", $"{runId}-peers");
        var files = new List<ComparedFile>();
        var passed = true;
        foreach (var contender in contenders)
        {
            AnsiConsole.MarkupLine($"\n[bold]{Markup.Escape(contender.Name)}[/]: {Markup.Escape(contender.Description)}");
            var contenderFolder = Path.Combine(folder, contender.Name);
            RunResult result;
            try
            {
                result = await RunCommand.ExecuteAsync(contender.Scenario, $"{runId}-{contender.Name}", contenderFolder, contender.StartServer, repeat: 1, cancellationToken);
            }
            catch (PeerSetupException ex)
            {
                await Console.Error.WriteLineAsync($"loadlab peers: {ex.Message}");
                return ExitCodes.Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"loadlab peers: interrupted while {contender.Name} started; the results so far are in {folder}");
                return ExitCodes.Failed;
            }

            if (await RunCommand.WriteReportsAsync(result, contenderFolder) is { } failure)
            {
                await Console.Error.WriteLineAsync($"loadlab peers: {failure}");
                return ExitCodes.Failed;
            }

            RunDisplay.ShowSummary(result);
            passed &= RunCommand.Passed(result);
            files.Add(new ComparedFile(contender.Name, Path.Combine(contenderFolder, ResultsFile.FileName), result));
            if (result.Status != RunStatus.Completed)
            {
                await Console.Error.WriteLineAsync($"loadlab peers: interrupted during {contender.Name}; the results so far are in {folder}");
                return ExitCodes.Failed;
            }
        }

        try
        {
            Console.WriteLine();
            await CompareCommand.WriteAsync(Comparison.Of(files, ComparisonReference.SameTransport), Path.Combine(folder, "compare.html"), Path.Combine(folder, "compare.md"), cancellationToken);
        }
        catch (ResultsFormatException ex)
        {
            await Console.Error.WriteLineAsync($"loadlab peers: the runs are in {folder}, but the compare page could not be written: {ex.Message}");
            return ExitCodes.Failed;
        }

        return passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>What the Node peers cannot do, named like a wrong scenario field (nothing is started).</summary>
    private static void Check(Scenario scenario)
    {
        void Fail(string field, string problem) => throw new ScenarioException(scenario.Source, 0, 0, field, problem);

        if (scenario.Target is not null)
        {
            Fail("target", "peers starts every server itself; leave target out");
        }

        if (scenario.Transports.Contains(TransportKind.LongPoll))
        {
            Fail("transports", "the Node peers speak ws and sse only; leave longpoll out");
        }

        if (scenario.Mode == ScenarioMode.Echo)
        {
            Fail("mode", "the ws peer sends every client frame to all clients, so no client gets its own echo; use broadcast or connect");
        }

        if (scenario.Publisher.Topics != 1)
        {
            Fail("publisher.topics", $"the Node peers have no topics (every client gets every message); must be 1, got {scenario.Publisher.Topics}");
        }

        if (scenario.Publisher.Via != PublishVia.Http)
        {
            Fail("publisher.via", "the SSE peer takes publishes only as POST /publish; must be http");
        }
    }

    private sealed record Contender(string Name, string Description, Scenario Scenario, Func<CancellationToken, Task<ITargetServer>> StartServer);
}
