using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Scenarios;

public sealed class ScenarioLoaderTests
{
    private const string Full = """
        name: full
        description: every field
        target: http://127.0.0.1:9000
        mode: broadcast
        transports: [sse, ws]
        warmup: 2s
        connectTimeout: 3s
        stages:
          - rampTo: 100
            over: 5s
          - hold: 10s
          - rampTo: 0
            over: 1s
        publisher:
          rate: 20.5
          payloadBytes: 64
          topics: 3
          via: websocket
        endpoints:
          sse:
            subscribe: /events?channel={topic}
        thresholds:
          - latency.p99 < 50ms
          - messages.lost == 0
        """;

    [Fact]
    public void Full_file_reads_into_the_scenario()
    {
        var scenario = ScenarioLoader.Parse(Full, "full.yaml", []);

        Assert.Equal("full", scenario.Name);
        Assert.Equal(new Uri("http://127.0.0.1:9000"), scenario.Target);
        Assert.Equal([TransportKind.Sse, TransportKind.WebSocket], scenario.Transports);
        Assert.Equal(TimeSpan.FromSeconds(2), scenario.Warmup);
        Assert.Equal(TimeSpan.FromSeconds(3), scenario.ConnectTimeout);
        Assert.Equal(
            [new LoadStage(100, TimeSpan.FromSeconds(5)), new LoadStage(100, TimeSpan.FromSeconds(10)), new LoadStage(0, TimeSpan.FromSeconds(1))],
            scenario.Stages);
        Assert.Equal(new PublisherSpec { Rate = 20.5, PayloadBytes = 64, Topics = 3, Via = PublishVia.WebSocket }, scenario.Publisher);
        // Publishing over WebSocket, the publish URL not given: the reference server's, frames sent on /ws.
        Assert.Equal(new TransportEndpoints("/events?channel={topic}", "/ws?topic={topic}"), scenario.Endpoints[TransportKind.Sse]);
        Assert.Equal(TransportEndpoints.ReferenceServer(PublishVia.WebSocket)[TransportKind.WebSocket], scenario.Endpoints[TransportKind.WebSocket]);
        Assert.Equal(new Threshold("latency.p99", ThresholdOperator.Less, 50, "latency.p99 < 50ms"), scenario.Thresholds[0]);
        Assert.Equal(new Threshold("messages.lost", ThresholdOperator.Equal, 0, "messages.lost == 0"), scenario.Thresholds[1]);
        Assert.Equal(TimeSpan.FromSeconds(16), scenario.Duration);
    }

    [Fact]
    public void Minimal_file_gets_the_defaults()
    {
        var scenario = ScenarioLoader.Parse("name: m\ntransports: ws\nstages:\n  - rampTo: 5\n    over: 1s\n", "m.yaml", []);

        Assert.Null(scenario.Target);
        Assert.Equal(ScenarioMode.Broadcast, scenario.Mode);
        Assert.Equal(new PublisherSpec(), scenario.Publisher);
        Assert.Equal(TimeSpan.Zero, scenario.Warmup);
        Assert.Empty(scenario.Thresholds);
    }

    [Theory]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\npublisher:\n  rat: 5\n", 5, 3, "publisher.rat", "unknown field 'rat' (did you mean 'rate'?)")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\npublisher:\n  rate: fast\n", 5, 9, "publisher.rate", "must be a number, got 'fast'")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\npublisher:\n  rate: -5\n", 5, 9, "publisher.rate", "must be greater than 0")]
    [InlineData("name: x\ntransports: [ws]\n", 1, 1, "stages", "is required but missing")]
    [InlineData("transports: [ws]\nstages: [{rampTo: 1, over: 1s}]\n", 1, 1, "name", "is required but missing")]
    [InlineData("name: x\ntransports: [ws]\nstages:\n  - rampTo: 0\n    over: 1s\n", 4, 3, "stages", "no stage opens a connection")]
    [InlineData("name: x\ntransports: [ws]\nstages:\n  - rampTo: -3\n    over: 1s\n", 4, 13, "stages[0].rampTo", "must be between 0 and")]
    [InlineData("name: x\ntransports: [ws]\nstages:\n  - rampTo: 3\n    over: -1s\n", 5, 11, "stages[0].over", "must be a duration")]
    [InlineData("name: x\ntransports: [ws, mqtt]\nstages: [{rampTo: 1, over: 1s}]\n", 2, 13, "transports", "unknown transport 'mqtt'")]
    [InlineData("name: x\ntransports: [ws, ws]\nstages: [{rampTo: 1, over: 1s}]\n", 2, 13, "transports", "'ws' is listed twice")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\npublisher:\n  payloadBytes: 8\n", 5, 17, "publisher.payloadBytes", "must be between 32 and")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\npublisher:\n  topics: 0\n", 5, 11, "publisher.topics", "must be between 1 and")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\nthresholds:\n  - latency.p99 fast\n", 5, 5, "thresholds[0]", "is not a threshold")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\nthresholds:\n  - latency.p98 < 5ms\n", 5, 5, "thresholds[0]", "unknown metric 'latency.p98'")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\nmode: chat\n", 4, 7, "mode", "must be one of broadcast, echo, connect")]
    [InlineData("name: x\nmode: echo\ntransports: [sse]\nstages: [{rampTo: 1, over: 1s}]\n", 3, 13, "transports", "only WebSocket")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\ntarget: ftp://host\n", 4, 9, "target", "must be an absolute http://")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\nwarmup: 5s\n", 4, 9, "warmup", "nothing would be measured")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s, hold: 2s}]\n", 3, 38, "stages[0].hold", "either holds or ramps")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\nstages2: 1\n", 4, 1, "stages2", "unknown field 'stages2' (did you mean 'stages'?)")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\ncpus:\n  server: one\n", 5, 11, "cpus.server", "is not a CPU list")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\ncapacity:\n  rates: [10, 5]\n", 5, 10, "capacity.rates", "must rise step by step: 5 follows 10")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\ncapacity:\n  rates: [10, lots]\n", 5, 10, "capacity.rates", "'lots' is not a publish rate")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\ncapacity:\n  rate: [10]\n", 5, 3, "capacity.rate", "unknown field 'rate' (did you mean 'rates'?)")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\ncpus:\n  engine: 4096\n", 5, 11, "cpus.engine", "CPU 4096 does not exist")]
    [InlineData("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\ncpus:\n  engnie: 0\n", 5, 3, "cpus.engnie", "unknown field 'engnie' (did you mean 'engine'?)")]
    public void Bad_field_is_reported_with_line_column_and_path(string yaml, int line, int column, string field, string problem)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "bad.yaml", []));

        Assert.Equal("bad.yaml", error.File);
        Assert.Equal((line, column, field), (error.Line, error.Column, error.Field));
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"bad.yaml:{line}:{column}: {field}: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: [unclosed\n", "not valid YAML")]
    [InlineData("", "the file is empty")]
    [InlineData("- a list\n- not a mapping\n", "must be a mapping")]
    public void Malformed_or_empty_files_are_reported(string yaml, string problem)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "bad.yaml", []));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void A_file_nested_absurdly_deep_is_refused_with_its_place_not_a_stack_overflow(string open, string close)
    {
        // YamlDotNet builds its tree recursively: 100,000 levels used to overflow the stack and kill the process.
        var yaml = "name: deep\nstages: " + string.Concat(Enumerable.Repeat(open, 100_000)) + "x" + string.Concat(Enumerable.Repeat(close, 100_000)) + "\n";

        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "deep.yaml", []));

        Assert.StartsWith("deep.yaml:2:", error.Message, StringComparison.Ordinal);
        Assert.Contains("nested more than 64 deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_16_MB_is_refused_by_its_size_before_it_is_read()
    {
        // Read whole first, a file of gigabytes ran 'loadlab run' out of memory (OutOfMemoryException, a stack trace).
        var path = Path.Combine(Directory.CreateTempSubdirectory("loadlab-huge-").FullName, "huge.yaml");
        try
        {
            using (var file = File.Create(path))
            {
                file.SetLength(ScenarioLoader.MaxFileBytes + 1);
            }

            var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path, []));

            Assert.Equal($"{path}: the file is 16,777,217 bytes; a scenario file is at most 16,777,216", error.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Missing_file_is_reported_with_its_path()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load("scenarios/nope.yaml", []));
        Assert.Equal("scenarios/nope.yaml: no such file", error.Message);
    }

    [Fact]
    public void Overrides_set_scalars_list_items_lists_and_new_fields()
    {
        var scenario = ScenarioLoader.Parse(Full, "full.yaml", [
            "publisher.rate=200",
            "stages[0].rampTo=7",
            "transports=ws,sse,longpoll",
            "thresholds=latency.p99 < 20ms;messages.lost == 0",
            "warmup=1s",
            "target=http://127.0.0.1:1234",
        ]);

        Assert.Equal(200, scenario.Publisher.Rate);
        Assert.Equal(7, scenario.Stages[0].Connections);
        Assert.Equal(7, scenario.Stages[1].Connections);
        Assert.Equal([TransportKind.WebSocket, TransportKind.Sse, TransportKind.LongPoll], scenario.Transports);
        Assert.Equal(["latency.p99 < 20ms", "messages.lost == 0"], scenario.Thresholds.Select(t => t.Text));
        Assert.Equal(TimeSpan.FromSeconds(1), scenario.Warmup);
        Assert.Equal(new Uri("http://127.0.0.1:1234"), scenario.Target);
    }

    [Fact]
    public void Override_creates_a_missing_section()
    {
        var scenario = ScenarioLoader.Parse("name: m\ntransports: ws\nstages:\n  - rampTo: 5\n    over: 1s\n", "m.yaml", ["publisher.topics=4"]);
        Assert.Equal(4, scenario.Publisher.Topics);
    }

    [Theory]
    [InlineData("publisher.rate=-1", "publisher.rate", "must be greater than 0")]
    [InlineData("publisher.rat=5", "publisher.rat", "unknown field 'rat'")]
    [InlineData("stages[9].rampTo=5", "stages[9].rampTo", "'stages' has no item 9")]
    [InlineData("rate", "rate", "must be written path=value")]
    [InlineData("a..b=1", "a..b", "is not a field path")]
    public void Bad_override_names_set_and_the_path(string assignment, string field, string problem)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Full, "full.yaml", [assignment]));

        Assert.Equal("--set", error.File);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_shipped_scenario_loads()
    {
        var folder = Path.Combine(RepositoryFolder(), "scenarios");
        var files = Directory.GetFiles(folder, "*.yaml");

        Assert.Contains(files, f => Path.GetFileName(f) == "quick.yaml");
        Assert.True(files.Length >= 5);
        Assert.All(files, file => Assert.NotEmpty(ScenarioLoader.Load(file, []).Transports));
    }

    [Fact]
    public void Cpus_pin_the_server_and_the_engine_apart()
    {
        var scenario = ScenarioLoader.Parse("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\ncpus:\n  server: 0\n  engine: 0-0\n", "pinned.yaml", []);

        Assert.Equal([0], scenario.Cpus.Server);
        Assert.Equal([0], scenario.Cpus.Engine);
        Assert.Equal(CpuPinning.None, ScenarioLoader.Parse("name: x\ntransports: [ws]\nstages: [{rampTo: 1, over: 1s}]\n", "free.yaml", []).Cpus);
    }

    [Theory]
    [InlineData("1", new[] { 1 })]
    [InlineData("0,2", new[] { 0, 2 })]
    [InlineData("0-3", new[] { 0, 1, 2, 3 })]
    [InlineData(" 3 , 0-1 ", new[] { 0, 1, 3 })]
    public void Cpu_lists_read_like_taskset(string text, int[] cpus)
    {
        Assert.Equal(cpus, CpuPinning.ParseList(text, machineCpus: 4));
    }

    [Theory]
    [InlineData("", "is not a CPU list")]
    [InlineData("3-1", "is an empty range")]
    [InlineData("0-4", "CPU 4 does not exist: this machine has 4 (0-3)")]
    [InlineData("-1", "is not a CPU list")]
    public void Bad_cpu_lists_say_why(string text, string problem)
    {
        Assert.Contains(problem, Assert.Throws<FormatException>(() => CpuPinning.ParseList(text, machineCpus: 4)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quick_is_the_three_transport_comparison_the_readme_promises()
    {
        var quick = ScenarioLoader.Load(Path.Combine(RepositoryFolder(), "scenarios", "quick.yaml"), []);

        Assert.Equal([TransportKind.WebSocket, TransportKind.Sse, TransportKind.LongPoll], quick.Transports);
        Assert.Equal(300, quick.Stages.Max(s => s.Connections));
        Assert.Equal(50, quick.Publisher.Rate);
        Assert.InRange(quick.Duration.TotalSeconds, 15, 25);
    }

    internal static string RepositoryFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LoadLab.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("LoadLab.sln not found above the test folder");
    }
}
