using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Reports;
using LoadLab.Results;

namespace LoadLab.Engine.Tests.Running;

/// <summary>Short real runs: the engine against the reference server on Kestrel, 127.0.0.1, real sockets.</summary>
public sealed class ScenarioRunnerTests
{
    // Publishing starts once the server's memory is sampled at 2 s, and it ends 2 s (the drain) before the hold does, at 4 s.
    // A late sample on a busy machine therefore has up to 2 s to come back before the window closes with nothing published.
    internal static Scenario Short(params TransportKind[] transports) => new()
    {
        Name = "short",
        Transports = transports,
        Stages = [new LoadStage(100, TimeSpan.FromSeconds(1)), new LoadStage(100, TimeSpan.FromSeconds(5)), new LoadStage(0, TimeSpan.FromMilliseconds(500))],
        Publisher = new PublisherSpec { Rate = 40, PayloadBytes = 128, Topics = 2 },
        Thresholds = [new Threshold("messages.lost", ThresholdOperator.Equal, 0, "messages.lost == 0")],
    };

    internal static RunOptions Options(List<RunResult>? checkpoints = null) => new()
    {
        RunId = "test",
        ResolvedScenario = new Dictionary<string, string> { ["name"] = "short" },
        Checkpoint = (result, _) =>
        {
            checkpoints?.Add(result);
            return Task.CompletedTask;
        },
    };

    [Theory]
    [InlineData(TransportKind.WebSocket)]
    [InlineData(TransportKind.Sse)]
    [InlineData(TransportKind.LongPoll)]
    public async Task Every_message_is_delivered_exactly_once_with_its_latency(TransportKind transport)
    {
        var result = await new ScenarioRunner(InProcessReferenceServer.StartAsync).RunAsync(Short(transport), Options(), CancellationToken.None);

        var run = Assert.Single(result.Runs);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal((100, 100, 0), (run.Connections.Target, run.Connections.Established, run.Connections.Failed));
        Assert.True(run.Messages.Published > 0);
        Assert.Equal(run.Messages.Published * 50, run.Messages.Expected);
        Assert.Equal(run.Messages.Expected, run.Messages.Delivered);
        Assert.Equal((0L, 0L, 0L), (run.Messages.Lost, run.Messages.Duplicated, run.Messages.OutOfOrder));
        Assert.True(run.LatencyMs.P50 > 0 && run.LatencyMs.P50 <= run.LatencyMs.P99 && run.LatencyMs.P99 <= run.LatencyMs.Max);
        Assert.Equal(run.Messages.Delivered, HistogramCodec.Decode(run.LatencyHistogram, "test").TotalCount);
        Assert.True(run.Throughput.DeliveredPerSec > 0);
        Assert.NotEmpty(run.Timeseries);
        Assert.Contains(run.Timeseries, point => point.Delivered > 0 && point.P99Ms > 0);
        Assert.All(run.Thresholds, t => Assert.True(t.Passed, t.Text));
        // The engine's own cost per message and per connection (the in-process server's included, in this test).
        Assert.True(run.Client.CpuMicrosecondsPerReceived > 0);
        Assert.NotNull(run.Client.MemoryPerConnectionBytes);
        // Every read of a WebSocket or SSE client is counted; long-polling's HTTP client does its own reads.
        if (transport == TransportKind.LongPoll)
        {
            Assert.Null(run.Client.MessagesPerRead);
        }
        else
        {
            Assert.True(run.Client.MessagesPerRead > 0);
        }
    }

    [Theory]
    [InlineData(TransportKind.WebSocket)]
    [InlineData(TransportKind.Sse)]
    public async Task Publishing_over_WebSocket_reaches_every_subscriber_exactly_once(TransportKind transport)
    {
        var scenario = Short(transport) with { Publisher = Short(transport).Publisher with { Via = PublishVia.WebSocket } };

        var run = Assert.Single((await new ScenarioRunner(InProcessReferenceServer.StartAsync).RunAsync(scenario, Options(), CancellationToken.None)).Runs);

        Assert.Equal("/ws?topic={topic}", scenario.Endpoints[transport].Publish);
        Assert.True(run.Messages.Published > 0);
        Assert.Equal((run.Messages.Published * 50, run.Messages.Published * 50, 0L, 0L), (run.Messages.Expected, run.Messages.Delivered, run.Messages.Lost, run.Messages.Duplicated));
    }

    [Fact]
    public async Task A_publishing_WebSocket_the_server_refuses_stops_the_run_saying_why()
    {
        var scenario = Short(TransportKind.Sse) with
        {
            Publisher = Short(TransportKind.Sse).Publisher with { Via = PublishVia.WebSocket },
            Endpoints = new Dictionary<TransportKind, TransportEndpoints> { [TransportKind.Sse] = new("/sse?topic={topic}", "/publish?topic={topic}") },
        };

        var error = await Assert.ThrowsAsync<TargetUnreachableException>(() => new ScenarioRunner(InProcessReferenceServer.StartAsync).RunAsync(scenario, Options(), CancellationToken.None));

        Assert.StartsWith("publisher.via websocket: cannot open the publishing WebSocket ws://127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'405'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_read_back_under_the_schema_and_the_report_shows_every_chart()
    {
        var result = await new ScenarioRunner(InProcessReferenceServer.StartAsync).RunAsync(Short(TransportKind.WebSocket, TransportKind.Sse), Options(), CancellationToken.None);

        var read = ResultsJson.Deserialize(ResultsJson.Serialize(result), "results.json");
        Assert.Equal(RunResult.CurrentSchemaVersion, read.SchemaVersion);
        Assert.Equal(["ws", "sse"], read.Runs.Select(r => r.Transport));
        Assert.All(read.Runs, run => Assert.NotEmpty(run.LatencyHistogram.Data));

        using var html = new StringWriter();
        HtmlReportWriter.Default.Write(read, html);
        foreach (var chart in new[] { "latency-percentiles", "delivered-per-second", "p99-over-time", "connections-over-time", "server-memory" })
        {
            Assert.Contains($"<figure id=\"{chart}\"><svg", html.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Interrupted_run_returns_and_checkpoints_a_partial_result_marked_aborted()
    {
        var checkpoints = new List<RunResult>();
        // Interrupted once every client is connected, not at a fixed time: a busy machine may take longer to get there.
        // The hold is long, so the interrupt always comes before the run would end. The timer only guards against a hang.
        using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var scenario = Short(TransportKind.Sse, TransportKind.WebSocket) with
        {
            Stages = [new LoadStage(100, TimeSpan.FromSeconds(1)), new LoadStage(100, TimeSpan.FromSeconds(60))],
        };
        var options = Options(checkpoints) with { Progress = new InterruptWhenConnected(100, interrupt) };

        var result = await new ScenarioRunner(InProcessReferenceServer.StartAsync).RunAsync(scenario, options, interrupt.Token);

        Assert.Equal(RunStatus.Aborted, result.Status);
        var run = Assert.Single(result.Runs);
        Assert.Equal(RunStatus.Aborted, run.Status);
        Assert.Equal(100, run.Connections.Established);
        Assert.Equal(RunStatus.Aborted, checkpoints[^1].Status);
    }

    [Fact]
    public async Task Unreachable_target_is_reported_at_once_instead_of_hanging()
    {
        var scenario = Short(TransportKind.WebSocket) with { Target = new Uri("http://127.0.0.1:1/") };

        var error = await Assert.ThrowsAsync<TargetUnreachableException>(() =>
            new ScenarioRunner(_ => throw new InvalidOperationException("no embedded server for a target")).RunAsync(scenario, Options(), CancellationToken.None));

        Assert.Equal("cannot reach target http://127.0.0.1:1/: refused", error.Message);
    }

    /// <summary>
    /// Cancels the run once the progress shows <paramref name="connections"/> connected. Like Ctrl+C, it cancels from another
    /// thread, not from inside the run's progress report.
    /// </summary>
    private sealed class InterruptWhenConnected(int connections, CancellationTokenSource interrupt) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            if (value.Connections >= connections)
            {
                _ = interrupt.CancelAsync();
            }
        }
    }
}
