namespace LoadLab.Engine.Scenarios;

/// <summary>
/// One experiment, as read from a scenario file and after <c>--set</c> overrides: the same load is run
/// against each transport in turn. Immutable.
/// </summary>
public sealed record Scenario
{
    /// <summary>Null while the reference server's endpoints apply: they follow <see cref="PublisherSpec.Via"/>.</summary>
    private readonly IReadOnlyDictionary<TransportKind, TransportEndpoints>? _endpoints;

    /// <summary>Short name, used in reports and the run id.</summary>
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>The server to load; null starts the embedded reference server on a free 127.0.0.1 port.</summary>
    public Uri? Target { get; init; }

    /// <summary>What the clients do: receive broadcasts, echo their own frames, or only connect.</summary>
    public ScenarioMode Mode { get; init; } = ScenarioMode.Broadcast;

    /// <summary>Transports run one after another under the same load, in this order.</summary>
    public required IReadOnlyList<TransportKind> Transports { get; init; }

    /// <summary>The connection profile of each transport run.</summary>
    public required IReadOnlyList<LoadStage> Stages { get; init; }

    /// <summary>Time from the start of a transport run whose figures are thrown away.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    public PublisherSpec Publisher { get; init; } = new();

    /// <summary>Subscribe and publish URLs per transport; by default the reference server's, for the publisher's <see cref="PublisherSpec.Via"/>.</summary>
    public IReadOnlyDictionary<TransportKind, TransportEndpoints> Endpoints
    {
        get => _endpoints ?? TransportEndpoints.ReferenceServer(Publisher.Via);
        init => _endpoints = value;
    }

    /// <summary>Pass/fail rules evaluated at the end of each transport run.</summary>
    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];

    /// <summary>How long a connection attempt may take before it counts as a timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The CPUs of the embedded server and of the load engine; unpinned by default.</summary>
    public CpuPinning Cpus { get; init; } = CpuPinning.None;

    /// <summary>
    /// For <c>loadlab capacity</c>: the publish rates to step through, lowest first. Each step is a run of its
    /// own at that <see cref="PublisherSpec.Rate"/>; the thresholds say whether the step was sustained.
    /// </summary>
    public IReadOnlyList<double> CapacityRates { get; init; } = [];

    /// <summary>How WebSocket and SSE clients wait before getting a lost connection back.</summary>
    public ReconnectPolicy Reconnect { get; init; } = new();

    /// <summary>Faults injected into every transport run (drops, server restarts); none by default.</summary>
    public IReadOnlyList<FaultSpec> Faults { get; init; } = [];

    /// <summary>The share of clients that read slowly; none by default.</summary>
    public SlowClients SlowClients { get; init; } = SlowClients.None;

    /// <summary>
    /// Settings of the embedded server as its configuration keys (<c>Push:QueueSize → 64</c>), from the
    /// scenario's <c>server</c> section; empty: the server's defaults.
    /// </summary>
    public IReadOnlyDictionary<string, string> ServerSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the scenario came from (a file path), for messages.</summary>
    public string Source { get; init; } = "";

    /// <summary>The whole duration of one transport run: the sum of its stages.</summary>
    public TimeSpan Duration => Stages.Aggregate(TimeSpan.Zero, (total, stage) => total + stage.Duration);
}
