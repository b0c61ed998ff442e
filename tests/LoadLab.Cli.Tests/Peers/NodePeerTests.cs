using System.Diagnostics;
using LoadLab.Cli.Peers;
using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Reports;
using LoadLab.Results;

namespace LoadLab.Cli.Tests.Peers;

/// <summary>The load engine against the real Node.js SSE peer (plain node, no npm), started as <c>peers</c> starts it.</summary>
[Collection(Collection)]
public sealed class NodePeerTests
{
    /// <summary>Tests that start the peers run one at a time, so each can tell that no peer it started outlived it.</summary>
    public const string Collection = "Node peers";

    public static readonly string PeersFolder = Path.Combine(
        RepositoryRoot.Find(Path.Combine("bench", "peers", NodePeer.Sse.Script)) ?? throw new DirectoryNotFoundException("bench/peers"), "bench", "peers");

    [Fact]
    public async Task Sse_peer_delivers_every_stamped_message_with_its_latency_and_its_memory_read_from_proc()
    {
        var scenario = NodePeer.Sse.Apply(new Scenario
        {
            Name = "peer",
            Transports = [TransportKind.WebSocket, TransportKind.Sse],
            Stages = [new LoadStage(50, TimeSpan.FromSeconds(1)), new LoadStage(50, TimeSpan.FromSeconds(5)), new LoadStage(0, TimeSpan.FromMilliseconds(500))],
            Publisher = new PublisherSpec { Rate = 20, PayloadBytes = 128, Topics = 1 },
        });
        var processIds = new List<int>();
        var runner = new ScenarioRunner(async token =>
        {
            var server = await NodePeer.Sse.StartAsync(PeersFolder, nodeModules: null, cpus: [], TimeSpan.FromMinutes(1), token);
            processIds.Add(server.ProcessId!.Value);
            return server;
        });

        var result = await runner.RunAsync(scenario, new RunOptions { RunId = "peer", ResolvedScenario = ScenarioFlattener.Flatten(scenario) }, CancellationToken.None);

        var run = Assert.Single(result.Runs);
        Assert.Equal(("sse", RunStatus.Completed), (run.Transport, run.Status));
        Assert.Equal((50, 0), (run.Connections.Established, run.Connections.Failed));
        Assert.True(run.Messages.Published > 0);
        Assert.Equal(run.Messages.Published * 50, run.Messages.Expected);
        Assert.Equal(run.Messages.Expected, run.Messages.Delivered);
        Assert.Equal((0L, 0L, 0L), (run.Messages.Lost, run.Messages.Duplicated, run.Messages.OutOfOrder));
        Assert.True(run.LatencyMs.P50 > 0 && run.LatencyMs.P50 <= run.LatencyMs.P99);
        Assert.Equal(run.Messages.Delivered, HistogramCodec.Decode(run.LatencyHistogram, "peer").TotalCount);
        Assert.True(run.Server.RssBytesIdle > 0);
        Assert.NotNull(run.Server.MemoryPerConnectionBytes);
        Assert.NotNull(run.Server.CpuSeconds);

        var peer = Assert.Single(processIds);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(peer));
    }

    [Fact]
    public void A_peer_runs_only_its_transport_through_its_own_urls()
    {
        var scenario = new Scenario { Name = "p", Transports = [TransportKind.WebSocket, TransportKind.Sse], Stages = [new LoadStage(1, TimeSpan.FromSeconds(1))] };

        var applied = NodePeer.WebSocket.Apply(scenario);

        Assert.Equal([TransportKind.WebSocket], applied.Transports);
        Assert.Equal(new TransportEndpoints("/ws", "/publish"), applied.Endpoints[TransportKind.WebSocket]);
        Assert.Equal(TransportEndpoints.ReferenceServer(PublishVia.Http)[TransportKind.Sse], applied.Endpoints[TransportKind.Sse]);
    }
}
