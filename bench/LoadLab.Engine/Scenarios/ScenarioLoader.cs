using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LoadLab.Engine.Scenarios;

/// <summary>
/// Reads a scenario file (see <c>scenarios/README.md</c>), applies <c>--set path=value</c> overrides to
/// the YAML tree first (so they are checked like the file), and returns the checked <see cref="Scenario"/>.
/// The first problem found throws a <see cref="ScenarioException"/> naming the file, line and field.
/// </summary>
public static partial class ScenarioLoader
{
    private static readonly string[] CpuKeys = ["server", "engine"];

    private static readonly string[] CapacityKeys = ["rates"];

    private static readonly string[] RootKeys = ["name", "description", "target", "mode", "transports", "warmup", "connectTimeout", "stages", "publisher", "endpoints", "thresholds", "cpus", "capacity", "reconnect", "faults", "slowClients", "server"];
    private static readonly string[] StageKeys = ["rampTo", "over", "hold"];
    private static readonly string[] PublisherKeys = ["rate", "payloadBytes", "topics", "via", "shards"];
    private static readonly string[] EndpointKeys = ["subscribe", "publish"];

    private static readonly Dictionary<string, ScenarioMode> Modes = new(StringComparer.Ordinal)
    {
        ["broadcast"] = ScenarioMode.Broadcast,
        ["echo"] = ScenarioMode.Echo,
        ["connect"] = ScenarioMode.Connect,
    };

    private static readonly Dictionary<string, PublishVia> Vias = new(StringComparer.Ordinal)
    {
        ["http"] = PublishVia.Http,
        ["websocket"] = PublishVia.WebSocket,
    };

    private static readonly Dictionary<string, Sharding.PublishSharing> PublishSharings = new(StringComparer.Ordinal)
    {
        ["first"] = Sharding.PublishSharing.First,
        ["split"] = Sharding.PublishSharing.Split,
        ["all"] = Sharding.PublishSharing.All,
    };

    /// <summary>The largest scenario file read: a scenario is a page of YAML, and a file of gigabytes ran the process out of memory.</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>The largest payload a publisher sends: a load test of push, not of bulk transfer.</summary>
    private const int MaxPayloadBytes = 16 * 1024 * 1024;

    public static Scenario Load(string path, IReadOnlyList<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ScenarioException(path, 0, 0, "", "no such file");
        }

        if (new FileInfo(path).Length is var length and > MaxFileBytes)
        {
            throw new ScenarioException(path, 0, 0, "", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the file is {length:N0} bytes; a scenario file is at most {MaxFileBytes:N0}"));
        }

        return Parse(File.ReadAllText(path), path, overrides);
    }

    public static Scenario Parse(string yaml, string source, IReadOnlyList<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(overrides);
        var places = new YamlPlaces(source);
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            stream.Load(new DepthLimitedParser(parser, source));
        }
        catch (YamlException ex)
        {
            throw new ScenarioException(source, (int)ex.Start.Line, (int)ex.Start.Column, "", $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up on some malformed input without a YamlException (found by ScenarioFuzzTests);
            // the last event it read is as close to the place as it can tell.
            var end = parser.Current?.End ?? Mark.Empty;
            throw new ScenarioException(source, (int)end.Line, (int)end.Column, "", "not valid YAML: the parser could not read past this point");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw new ScenarioException(source, 0, 0, "", "the file is empty; a scenario needs at least name, transports and stages");
        }

        var root = stream.Documents[0].RootNode;
        foreach (var assignment in overrides)
        {
            ScenarioOverrides.Apply(root, assignment, places);
        }

        return Read(root, places) with { Source = source };
    }

    private static Scenario Read(YamlNode root, YamlPlaces places)
    {
        var fields = new YamlFields(root, "", places, RootKeys);
        var name = fields.String("name");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw fields.Has("name") ? fields.Error("name", "must not be empty") : places.Error(root, "name", "is required but missing");
        }

        var mode = fields.Choice("mode", Modes) ?? ScenarioMode.Broadcast;
        var publisher = ReadPublisher(fields, places);
        var scenario = new Scenario
        {
            Name = name,
            Description = fields.String("description") ?? "",
            Target = ReadTarget(fields),
            Mode = mode,
            Transports = ReadTransports(fields, mode),
            Stages = ReadStages(fields, places),
            Warmup = fields.Duration("warmup", allowZero: true) ?? TimeSpan.Zero,
            ConnectTimeout = fields.Duration("connectTimeout", allowZero: false) ?? TimeSpan.FromSeconds(10),
            Publisher = publisher,
            Endpoints = ReadEndpoints(fields, places, publisher.Via),
            Thresholds = ReadThresholds(fields, places),
            Cpus = ReadCpus(fields, places),
            CapacityRates = ReadCapacityRates(fields, places),
            Reconnect = ReadReconnect(fields, places),
            SlowClients = ReadSlowClients(fields, places),
        };

        if (scenario.Warmup >= scenario.Duration)
        {
            throw fields.Error("warmup", $"is {DurationParser.Format(scenario.Warmup)} but the stages last only {DurationParser.Format(scenario.Duration)}: nothing would be measured");
        }

        return scenario with
        {
            Faults = ReadFaults(fields, places, scenario.Target, scenario.Duration),
            ServerSettings = ReadServerSettings(fields, places, scenario.Target),
        };
    }

    private static Uri? ReadTarget(YamlFields fields)
    {
        if (fields.String("target") is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw fields.Error("target", $"must be an absolute http:// or https:// URL, got '{text}'");
    }

    private static List<TransportKind> ReadTransports(YamlFields fields, ScenarioMode mode)
    {
        var list = fields.List("transports") ?? throw fields.Error("transports", "is required but missing; list one or more of ws, sse, longpoll");
        if (list.Count == 0)
        {
            throw fields.Error("transports", "must list at least one of ws, sse, longpoll");
        }

        var transports = new List<TransportKind>();
        foreach (var (text, _) in list.SelectMany(item => item.Text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part => (part, item.Node))))
        {
            if (!TransportKindNames.TryParse(text, out var kind))
            {
                throw fields.Error("transports", $"unknown transport '{text}'; use ws, sse or longpoll");
            }

            if (transports.Contains(kind))
            {
                throw fields.Error("transports", $"'{text}' is listed twice");
            }

            transports.Add(kind);
        }

        if (mode == ScenarioMode.Echo && transports.Any(t => t != TransportKind.WebSocket))
        {
            throw fields.Error("transports", "echo mode measures a client's own round trip, which only WebSocket (ws) can do");
        }

        return transports;
    }

    private static List<LoadStage> ReadStages(YamlFields fields, YamlPlaces places)
    {
        if (fields.Required("stages") is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            throw fields.Error("stages", "must be a list of stages such as '- rampTo: 100' + 'over: 5s' or '- hold: 10s'");
        }

        var stages = new List<LoadStage>();
        var connections = 0;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var stage = new YamlFields(sequence.Children[i], $"stages[{i}]", places, StageKeys);
            if (stage.Has("hold"))
            {
                if (stage.Has("rampTo") || stage.Has("over"))
                {
                    throw stage.Error("hold", "a stage either holds or ramps, not both");
                }

                stages.Add(new LoadStage(connections, stage.Duration("hold", allowZero: false)!.Value));
                continue;
            }

            connections = stage.Int("rampTo", 0, 1_000_000) ?? throw stage.Error("rampTo", "is required: a stage is '{ rampTo: N, over: D }' or '{ hold: D }'");
            stages.Add(new LoadStage(connections, stage.Duration("over", allowZero: true) ?? TimeSpan.Zero));
        }

        if (stages.All(stage => stage.Connections == 0))
        {
            throw fields.Error("stages", "no stage opens a connection: ramp to at least 1");
        }

        return stages;
    }

    private static List<double> ReadCapacityRates(YamlFields fields, YamlPlaces places)
    {
        if (fields.Node("capacity") is not { } node)
        {
            return [];
        }

        var capacity = new YamlFields(node, "capacity", places, CapacityKeys);
        var list = capacity.List("rates");
        if (list is not { Count: > 0 })
        {
            throw capacity.Error("rates", "must list the publish rates to step through, lowest first, e.g. [10, 20, 50, 100]");
        }

        var rates = new List<double>();
        // "--set capacity.rates=5,10" arrives as one item, as transports do.
        foreach (var text in list.SelectMany(item => item.Text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate) || rate <= 0 || rate > 10_000_000)
            {
                throw capacity.Error("rates", $"'{text}' is not a publish rate: a number of messages per second, greater than 0");
            }

            if (rates.Count > 0 && rate <= rates[^1])
            {
                throw capacity.Error("rates", $"must rise step by step: {text} follows {rates[^1].ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }

            rates.Add(rate);
        }

        return rates;
    }

    private static CpuPinning ReadCpus(YamlFields fields, YamlPlaces places)
    {
        if (fields.Node("cpus") is not { } node)
        {
            return CpuPinning.None;
        }

        var cpus = new YamlFields(node, "cpus", places, CpuKeys);
        IReadOnlyList<int> Read(string key)
        {
            try
            {
                return cpus.String(key) is { } text ? CpuPinning.ParseList(text, Environment.ProcessorCount) : [];
            }
            catch (FormatException ex)
            {
                throw cpus.Error(key, ex.Message);
            }
        }

        return new CpuPinning(Read("server"), Read("engine"));
    }

    private static PublisherSpec ReadPublisher(YamlFields fields, YamlPlaces places)
    {
        var defaults = new PublisherSpec();
        if (fields.Node("publisher") is not { } node)
        {
            return defaults;
        }

        var publisher = new YamlFields(node, "publisher", places, PublisherKeys);
        return new PublisherSpec
        {
            Rate = publisher.PositiveNumber("rate", 10_000_000) ?? defaults.Rate,
            PayloadBytes = publisher.Int("payloadBytes", Measurement.PayloadStamp.Length, MaxPayloadBytes) ?? defaults.PayloadBytes,
            Topics = publisher.Int("topics", 1, 100_000) ?? defaults.Topics,
            Via = publisher.Choice("via", Vias) ?? defaults.Via,
            Shards = publisher.Choice("shards", PublishSharings) ?? defaults.Shards,
        };
    }

    private static Dictionary<TransportKind, TransportEndpoints> ReadEndpoints(YamlFields fields, YamlPlaces places, PublishVia via)
    {
        var endpoints = new Dictionary<TransportKind, TransportEndpoints>(TransportEndpoints.ReferenceServer(via));
        if (fields.Node("endpoints") is not { } node)
        {
            return endpoints;
        }

        var byTransport = new YamlFields(node, "endpoints", places, ["ws", "sse", "longpoll"]);
        foreach (var transport in endpoints.Keys.ToList())
        {
            var name = transport.ToName();
            if (byTransport.Node(name) is { } transportNode)
            {
                var urls = new YamlFields(transportNode, $"endpoints.{name}", places, EndpointKeys);
                var defaults = endpoints[transport];
                endpoints[transport] = new TransportEndpoints(urls.String("subscribe") ?? defaults.Subscribe, urls.String("publish") ?? defaults.Publish);
            }
        }

        return endpoints;
    }

    private static List<Threshold> ReadThresholds(YamlFields fields, YamlPlaces places)
    {
        var thresholds = new List<Threshold>();
        foreach (var (text, node) in fields.List("thresholds") ?? [])
        {
            foreach (var rule in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!ThresholdParser.TryParse(rule, out var threshold, out var problem))
                {
                    throw places.Error(node, $"thresholds[{thresholds.Count}]", problem);
                }

                thresholds.Add(threshold);
            }
        }

        return thresholds;
    }
}
