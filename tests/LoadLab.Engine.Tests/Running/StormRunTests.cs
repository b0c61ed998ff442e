using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Results;

namespace LoadLab.Engine.Tests.Running;

/// <summary>
/// Short real runs with faults against the reference server on Kestrel, 127.0.0.1: a reconnect storm, a
/// server restart, slow consumers. Each lasts about ten seconds.
/// </summary>
public sealed class StormRunTests
{
    private const int Clients = 100;

    private static Scenario Storm(TransportKind transport) => new()
    {
        Name = "storm",
        Transports = [transport],
        Stages = [new LoadStage(Clients, TimeSpan.FromSeconds(1)), new LoadStage(Clients, TimeSpan.FromSeconds(10)), new LoadStage(0, TimeSpan.FromMilliseconds(500))],
        Publisher = new PublisherSpec { Rate = 40, PayloadBytes = 128 },
        Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(500) },
        // Publishing starts at 2 s (later when a busy machine delays the server's sample). The first drop comes once every
        // client has a resume point (an id received): one that has none yet comes back to the live messages only, as a
        // browser does, and its losses count. The second drop comes 3 s later: long enough for every client to be back
        // even on a busy machine, so it drops them all again.
        Faults = [new FaultSpec { At = TimeSpan.FromSeconds(4.5), Every = TimeSpan.FromSeconds(3), Times = 2, Drop = new DropSpec(null, 1.0) }],
    };

    private static Task<RunResult> RunAsync(Scenario scenario) =>
        new ScenarioRunner(token => InProcessReferenceServer.StartAsync(scenario.ServerSettings, token)).RunAsync(scenario, ScenarioRunnerTests.Options(), CancellationToken.None);

    [Theory]
    [InlineData(TransportKind.WebSocket)]
    [InlineData(TransportKind.Sse)]
    public async Task Reconnect_storm_resumes_every_client_with_nothing_lost_or_duplicated(TransportKind transport)
    {
        var run = Assert.Single((await RunAsync(Storm(transport))).Runs);

        Assert.Equal((0L, 0L), (run.Messages.Lost, run.Messages.Duplicated));
        Assert.True(run.Messages.Delivered > Clients * 100, $"only {run.Messages.Delivered} delivered");
        Assert.Equal(0, run.Connections.Failed);
        var faults = run.Faults!;
        Assert.Equal(2, faults.Count);
        Assert.All(faults, fault => Assert.Equal(Clients, fault.ConnectionsDropped));
        var reconnects = run.Reconnects!;
        Assert.Equal(2 * Clients, reconnects.Drops);
        Assert.Equal(reconnects.Drops, reconnects.Reconnected);
        Assert.Equal(0, reconnects.ResumeGaps);
        Assert.InRange(reconnects.TimeMs.P50, 0.001, 5_000);
    }

    [Theory]
    [InlineData(TransportKind.WebSocket)]
    [InlineData(TransportKind.Sse)]
    public async Task Server_restart_counts_what_was_not_published_and_tells_every_client_its_resume_point_is_unknown(TransportKind transport)
    {
        const int clients = Clients / 2;
        var scenario = Storm(transport) with
        {
            Stages = [new LoadStage(clients, TimeSpan.FromSeconds(1)), new LoadStage(clients, TimeSpan.FromSeconds(8)), new LoadStage(0, TimeSpan.FromMilliseconds(500))],
            Faults = [new FaultSpec { At = TimeSpan.FromSeconds(4.5), RestartServer = true, Down = TimeSpan.FromMilliseconds(600) }],
        };

        var run = Assert.Single((await RunAsync(scenario)).Runs);

        var restart = Assert.Single(run.Faults!);
        Assert.Null(restart.Error);
        Assert.True(restart.EndSecond - restart.Second >= 0.6);
        // 40 msg/s for at least 0.6 s down: those publishes failed, are owed to no one, and are not called lost.
        Assert.InRange(run.Messages.NotPublished, 12, 200);
        Assert.Equal(run.Messages.Expected, run.Messages.Delivered + run.Messages.Lost);
        Assert.Equal(0, run.Messages.Duplicated);
        // The new server's ids start again at 1: each client resumed naming the old instance, and was told
        // (an SSE client may also have caught the old server's last moments, and come back twice).
        var reconnects = run.Reconnects!;
        Assert.True(reconnects.ResumeGaps >= clients, $"{reconnects.ResumeGaps} gap notices for {clients} clients");
        Assert.True(reconnects.Reconnected >= clients, $"{reconnects.Reconnected} reconnected of {clients} clients");
        Assert.Equal(reconnects.Drops, reconnects.Reconnected);
        // Only what the old server held undelivered when it went can be lost: at most about a second of messages per client.
        Assert.InRange(run.Messages.Lost, 0, clients * 40);
    }

    [Fact]
    public async Task Slow_clients_are_cut_by_the_server_while_its_queue_stays_bounded_and_healthy_clients_lose_nothing()
    {
        const int clients = 40;
        const int queueSize = 16;
        var scenario = Storm(TransportKind.WebSocket) with
        {
            Stages = [new LoadStage(clients, TimeSpan.FromSeconds(1)), new LoadStage(clients, TimeSpan.FromSeconds(9)), new LoadStage(0, TimeSpan.FromMilliseconds(500))],
            Publisher = new PublisherSpec { Rate = 40, PayloadBytes = 1024 },
            Faults = [],
            SlowClients = new SlowClients(0.25, TimeSpan.FromMilliseconds(200)),
            ServerSettings = new Dictionary<string, string> { ["Push:QueueSize"] = $"{queueSize}", ["Server:SocketSendBuffer"] = "8192" },
        };

        var run = Assert.Single((await RunAsync(scenario)).Runs);

        var slow = run.SlowClients!;
        Assert.Equal(10, slow.Clients);
        Assert.True(slow.ServerSlowConsumersDisconnected >= 1, $"the server cut {slow.ServerSlowConsumersDisconnected} slow consumers");
        Assert.Equal(0, slow.HealthyLost);
        Assert.True(slow.SlowLatencyMs.P99 > slow.HealthyLatencyMs.P99);
        Assert.InRange(run.Server.QueueDepthPeak ?? -1, 0, queueSize * clients);
        Assert.NotNull(run.Server.GcHeapBytesPeak);
    }
}
