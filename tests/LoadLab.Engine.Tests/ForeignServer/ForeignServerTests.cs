using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Engine.Tests.Running;

namespace LoadLab.Engine.Tests.ForeignServer;

public sealed class ForeignServerTests
{
    [Fact]
    public async Task Engine_drives_a_server_it_did_not_write_through_the_scenarios_own_urls()
    {
        await using var server = TinyBroadcastServer.Start();
        var scenario = ScenarioRunnerTests.Short(TransportKind.WebSocket, TransportKind.Sse) with
        {
            Target = server.Address,
            Stages = [new LoadStage(50, TimeSpan.FromSeconds(1)), new LoadStage(50, TimeSpan.FromSeconds(5)), new LoadStage(0, TimeSpan.FromMilliseconds(500))],
            Publisher = new PublisherSpec { Rate = 20, PayloadBytes = 64, Topics = 1 },
            Endpoints = new Dictionary<TransportKind, TransportEndpoints>
            {
                [TransportKind.WebSocket] = new("/socket?channel={topic}", "/send?channel={topic}"),
                [TransportKind.Sse] = new("/events?channel={topic}", "/send?channel={topic}"),
                [TransportKind.LongPoll] = TransportEndpoints.ReferenceServer(PublishVia.Http)[TransportKind.LongPoll],
            },
        };

        var result = await new ScenarioRunner(_ => throw new InvalidOperationException("a target is given")).RunAsync(scenario, ScenarioRunnerTests.Options(), CancellationToken.None);

        Assert.Equal(2, result.Runs.Count);
        Assert.All(result.Runs, run =>
        {
            Assert.Equal((50, 0), (run.Connections.Established, run.Connections.Failed));
            Assert.True(run.Messages.Expected > 0, run.Transport);
            Assert.Equal(run.Messages.Expected, run.Messages.Delivered);
            Assert.Equal(0, run.Messages.Lost);
            Assert.True(run.LatencyMs.P99 > 0);
            Assert.Null(run.Server.MemoryPerConnectionBytes);
        });
    }

    [Fact]
    public async Task A_redirected_handshake_is_a_failure_named_with_its_location()
    {
        await using var server = TinyBroadcastServer.Start();
        var scenario = ScenarioRunnerTests.Short(TransportKind.WebSocket, TransportKind.Sse) with
        {
            Target = server.Address,
            Stages = [new LoadStage(5, TimeSpan.FromMilliseconds(500)), new LoadStage(5, TimeSpan.FromSeconds(2))],
            Endpoints = new Dictionary<TransportKind, TransportEndpoints>
            {
                [TransportKind.WebSocket] = new("/private?channel={topic}", "/send?channel={topic}"),
                [TransportKind.Sse] = new("/private?channel={topic}", "/send?channel={topic}"),
                [TransportKind.LongPoll] = TransportEndpoints.ReferenceServer(PublishVia.Http)[TransportKind.LongPoll],
            },
        };

        var result = await new ScenarioRunner(_ => throw new InvalidOperationException("a target is given")).RunAsync(scenario, ScenarioRunnerTests.Options(), CancellationToken.None);

        Assert.All(result.Runs, run =>
        {
            Assert.Equal((0, 5), (run.Connections.Established, run.Connections.Failed));
            Assert.Equal(new Dictionary<string, int> { ["http 302 → /login"] = 5 }, run.Connections.FailuresByReason);
        });
    }
}
