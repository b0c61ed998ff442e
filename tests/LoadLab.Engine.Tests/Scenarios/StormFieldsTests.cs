using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Scenarios;

/// <summary>The scenario fields of storms and slow consumers: <c>reconnect</c>, <c>faults</c>, <c>slowClients</c>, <c>server</c>.</summary>
public sealed class StormFieldsTests
{
    private const string Head = "name: x\ntransports: [ws, sse]\nstages: [{rampTo: 10, over: 1s}, {hold: 20s}]\n";

    [Fact]
    public void Storm_fields_read_into_the_scenario()
    {
        var scenario = ScenarioLoader.Parse(Head + """
            reconnect: { initialDelay: 100ms, maxDelay: 5s, multiplier: 1.5, jitter: equal }
            faults:
              - { at: 5s, every: 5s, times: 3, drop: { transport: ws, fraction: 0.5 } }
              - { at: 18s, restartServer: true, down: 1s }
            slowClients: { fraction: 0.1, delayPerMessage: 50ms }
            server: { queueSize: 64, backpressure: dropOldest, socketSendBuffer: 16384 }
            """, "storm.yaml", []);

        Assert.Equal(new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(5), Multiplier = 1.5, Jitter = ReconnectJitter.Equal }, scenario.Reconnect);
        Assert.Equal(new DropSpec(TransportKind.WebSocket, 0.5), scenario.Faults[0].Drop);
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15)], scenario.Faults[0].Occurrences());
        Assert.True(scenario.Faults[1].RestartServer);
        Assert.Equal(TimeSpan.FromSeconds(1), scenario.Faults[1].Down);
        Assert.Equal(new SlowClients(0.1, TimeSpan.FromMilliseconds(50)), scenario.SlowClients);
        Assert.Equal("64", scenario.ServerSettings["Push:QueueSize"]);
        Assert.Equal("DropOldest", scenario.ServerSettings["Push:Backpressure"]);
        Assert.Equal("16384", scenario.ServerSettings["Server:SocketSendBuffer"]);
        Assert.Equal("at 5s every 5s x3: drop ws 0.5", ScenarioFlattener.Flatten(scenario)["faults[0]"]);
    }

    [Theory]
    [InlineData("reconnect: { jitter: some }\n", 4, 22, "reconnect.jitter", "must be one of none, full, equal")]
    [InlineData("reconnect: { multiplier: 0.5 }\n", 4, 26, "reconnect.multiplier", "must be at least 1")]
    [InlineData("reconnect: { initialDelay: 5s, maxDelay: 1s }\n", 4, 42, "reconnect.maxDelay", "shorter than initialDelay 5s")]
    [InlineData("faults:\n  - { every: 5s, drop: { fraction: 1 } }\n", 5, 5, "faults[0].at", "is required")]
    [InlineData("faults:\n  - { at: 5s, times: 3, drop: { fraction: 1 } }\n", 5, 5, "faults[0].every", "is required when times is 3")]
    [InlineData("faults:\n  - { at: 5s, every: 5s, times: 9, drop: { fraction: 1 } }\n", 5, 33, "faults[0].times", "would happen at 45s, but the stages last only 21s")]
    [InlineData("faults:\n  - { at: 5s }\n", 5, 11, "faults[0].restartServer", "either drops connections")]
    [InlineData("faults:\n  - { at: 5s, restartServer: true, drop: { fraction: 1 } }\n", 5, 42, "faults[0].drop", "either drops connections")]
    [InlineData("faults:\n  - { at: 5s, drop: { fraction: 1.5 } }\n", 5, 33, "faults[0].drop.fraction", "at most 1")]
    [InlineData("faults:\n  - { at: 5s, drop: { transport: tcp, fraction: 1 } }\n", 5, 34, "faults[0].drop.transport", "unknown transport 'tcp'")]
    [InlineData("faults:\n  - { at: 5s, drop: { fraction: 1 }, down: 1s }\n", 5, 44, "faults[0].down", "only with 'restartServer: true'")]
    [InlineData("faults:\n  - { at: 5s, restartServer: yes }\n", 5, 30, "faults[0].restartServer", "must be true")]
    [InlineData("slowClients: { fraction: 2, delayPerMessage: 50ms }\n", 4, 26, "slowClients.fraction", "must be a number from 0 to 1")]
    [InlineData("slowClients: { fraction: 0.1 }\n", 4, 14, "slowClients.delayPerMessage", "is required")]
    [InlineData("server: { backpressure: later }\n", 4, 25, "server.backpressure", "must be one of disconnect, dropOldest")]
    public void Bad_storm_field_is_reported_with_line_column_and_path(string yaml, int line, int column, string field, string problem)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Head + yaml, "storm.yaml", []));

        Assert.Equal(("storm.yaml", field), (error.File, error.Field));
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Restart_is_refused_against_a_target_the_engine_did_not_start()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Head + "target: http://127.0.0.1:8080\nfaults:\n  - { at: 5s, restartServer: true }\n", "storm.yaml", []));

        Assert.Equal("faults[0].restartServer", error.Field);
        Assert.Contains("restarts the server the engine started itself", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Drop_is_refused_against_a_target_that_is_not_loopback_and_allowed_on_loopback()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Head + "target: http://push.example.com\nfaults:\n  - { at: 5s, drop: { fraction: 1 } }\n", "storm.yaml", []));

        Assert.Equal("faults[0].drop", error.Field);
        Assert.Contains("answers only on loopback; the target host 'push.example.com'", error.Problem, StringComparison.Ordinal);
        Assert.Single(ScenarioLoader.Parse(Head + "target: http://127.0.0.1:8080\nfaults:\n  - { at: 5s, drop: { fraction: 1 } }\n", "storm.yaml", []).Faults);
    }

    [Fact]
    public void Slow_clients_are_spread_evenly_and_are_exactly_the_fraction()
    {
        var slow = new SlowClients(0.1, TimeSpan.FromMilliseconds(50));

        var chosen = Enumerable.Range(0, 1000).Where(slow.IsSlow).ToList();

        Assert.Equal(100, chosen.Count);
        Assert.All(chosen.Zip(chosen.Skip(1)), pair => Assert.Equal(10, pair.Second - pair.First));
        Assert.Equal(0, ScenarioLoader.Parse(Head + "slowClients: { fraction: 0, delayPerMessage: 50ms }\n", "storm.yaml", []).SlowClients.Fraction);
    }
}
