using System.Globalization;
using LoadLab.Results;

namespace LoadLab.Reports.Targets;

/// <summary>
/// The scale targets (issue 6, <c>docs/performance.md</c>) over one sitting: a row per target, LoadLab's figure beside
/// the Node peers' and the machine's floor, all from the same rounds. Where the target is a ratio to the floor, each
/// LoadLab run is held against the floor run of its own round, since the machine's speed drifts between rounds.
/// </summary>
public static class ScaleTargets
{
    /// <summary>The publish rate of the highest-throughput row: 10,000 subscribers × 100 broadcasts/s.</summary>
    public const double MillionPerSecond = 1_000_000;

    /// <summary>A run sustains the million when it delivers it to within the edges of its measured window.</summary>
    public const double SustainedShare = 0.99;

    public const double SustainedP99Ms = 200;

    public const double MemoryPerConnectionBytes = 4_000;

    public const double ManyFramesMicroseconds = 0.6;

    public const double ConnectsMs = 600;

    private static readonly string[] Transports = ["ws", "sse"];

    private static readonly Column[] LoadLabColumns = [new("ws", Sitting.LoadLab, "ws"), new("sse", Sitting.LoadLab, "sse")];

    private static readonly Column[] NodePeers = [new("node-ws", "node-ws", "ws"), new("node-sse", "node-sse", "sse")];

    private const string NoNodeClient = "— (the peers are servers; there is no Node load client to measure)";

    public static IReadOnlyList<TargetRow> Evaluate(IReadOnlyList<SittingRound> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        return
        [
            Held(rounds),
            AgainstFloor(
                rounds,
                "10k connections × 10 broadcasts/s: p99 latency (scheduled send → receipt)",
                new FloorLine(1.2, floor => Client(floor, "lat_us_p99") / 1_000, "ms", Spread.Decimals1),
                run => run.LatencyMs.P99,
                peers: true),
            AgainstFloor(
                rounds,
                "server CPU per delivered message at 10k × 10/s (the floor: one write per frame)",
                new FloorLine(1.25, floor => Server(floor, "cpu_us_per_delivery"), "µs", Spread.Decimals2),
                run => run.Server.CpuMicrosecondsPerDelivered,
                peers: true),
            Sustained(rounds),
            ServerMemory(rounds),
            AgainstFloor(
                rounds,
                "load engine CPU per received message, one frame per read (10k × 10/s)",
                new FloorLine(1.25, floor => Client(floor, "cpu_us_per_recv"), "µs", Spread.Decimals2),
                run => run.Client.CpuMicrosecondsPerReceived,
                peers: false),
            ManyFrames(rounds),
            EngineMemory(rounds),
            Connects(rounds),
        ];
    }

    private static TargetRow Held(IReadOnlyList<SittingRound> rounds)
    {
        string Worst(Column column)
        {
            var runs = Runs(rounds, round => round.Held, column.Server, column.Transport).ToList();
            return runs.Count == 0
                ? $"{column.Label} —"
                : $"{column.Label} {Spread.Count(runs.Min(run => run.Connections.Established))} established, {Spread.Count(runs.Max(run => run.Connections.Failed))} failed, {Spread.Count(runs.Max(run => run.Messages.Lost))} lost";
        }

        var loadLab = LoadLabRuns(rounds, round => round.Held).ToList();
        return new TargetRow(
            "connections held by one server process, 0 failed, 0 lost (the worst run)",
            string.Join("; ", LoadLabColumns.Select(Worst)),
            string.Join("; ", NodePeers.Select(Worst)),
            "the 20,000-file limit of a process",
            "",
            "18,000 per transport",
            Verdict(loadLab, run => run.Connections.Established >= 18_000 && run.Connections.Failed == 0 && run.Messages.Lost == 0));
    }

    private static TargetRow Sustained(IReadOnlyList<SittingRound> rounds)
    {
        string Million(string transport)
        {
            var runs = Runs(rounds, round => round.Million, Sitting.LoadLab, transport).ToList();
            return runs.Count == 0
                ? $"{transport} —"
                : $"{transport} {Spread.Of([.. runs.Select(run => run.Throughput.DeliveredPerSec)], Spread.Count, "msg/s")}, p99 {Spread.Of([.. runs.Select(run => run.LatencyMs.P99)], Spread.Decimals1, "ms")}, {Spread.Count(runs.Sum(run => run.Messages.Lost))} lost";
        }

        // The peers are not driven at a million: at 10 broadcasts/s (100,000 deliveries/s) they already fall behind.
        string AtBroadcast(string server, string transport)
        {
            var runs = Runs(rounds, round => round.Broadcast, server, transport).ToList();
            return runs.Count == 0
                ? $"{server} —"
                : $"{server} at 100k/s offered: {Spread.Of([.. runs.Select(run => run.Throughput.DeliveredPerSec)], Spread.Count, "msg/s")}, p99 {Spread.Of([.. runs.Select(run => run.LatencyMs.P99)], Spread.Decimals1, "ms")}, {Spread.Count(runs.Sum(run => run.Messages.Lost))} lost";
        }

        var floors = rounds.Select(round => round.FloorFastest).OfType<FloorRun>().ToList();
        return new TargetRow(
            "highest sustained delivered msg/s at 10k connections, 0 lost, p99 < 200 ms (LoadLab at 100 broadcasts/s)",
            string.Join("; ", Transports.Select(Million)),
            string.Join("; ", NodePeers.Select(peer => AtBroadcast(peer.Server, peer.Transport))),
            floors.Count == 0 ? "—" : $"{Spread.Of([.. floors.Select(floor => Server(floor, "deliveries_per_s"))], Spread.Count, "msg/s")} with up to 16 frames per write",
            "",
            "≥ 1,000,000 on both",
            Verdict(
                LoadLabRuns(rounds, round => round.Million),
                run => run.Throughput.DeliveredPerSec >= SustainedShare * MillionPerSecond && run.Messages.Lost == 0 && run.Connections.Failed == 0 && run.LatencyMs.P99 < SustainedP99Ms));
    }

    private static TargetRow ServerMemory(IReadOnlyList<SittingRound> rounds)
    {
        var floors = rounds.Select(round => round.FloorBroadcast).OfType<FloorRun>().ToList();
        return new TargetRow(
            "server memory per connection (RSS slope over the ramp to 10k)",
            Cells(LoadLabColumns, rounds, round => round.Broadcast, run => run.Server.MemoryPerConnectionBytes, Spread.Count, "B"),
            Cells(NodePeers, rounds, round => round.Broadcast, run => run.Server.MemoryPerConnectionBytes, Spread.Count, "B"),
            floors.Count == 0 ? "—" : $"{Spread.Of([.. floors.Select(floor => Server(floor, "rss_B_per_conn"))], Spread.Count, "B")} in user space (the kernel's socket slab is not in RSS)",
            "",
            "≤ 4 KB on both",
            Verdict(LoadLabRuns(rounds, round => round.Broadcast), run => run.Server.MemoryPerConnectionBytes <= MemoryPerConnectionBytes));
    }

    private static TargetRow ManyFrames(IReadOnlyList<SittingRound> rounds)
    {
        var floors = rounds.Select(round => round.FloorFastest).OfType<FloorRun>().ToList();
        var floorMedian = Spread.Median([.. floors.Select(floor => Client(floor, "cpu_us_per_recv"))]);
        return new TargetRow(
            "load engine CPU per received message, many frames per read (LoadLab at a million messages/s; the floor as fast as it goes)",
            string.Join("; ", Transports.Select(transport => EngineAtFrames(rounds, transport))),
            NoNodeClient,
            FloorClient(floors),
            floorMedian is { } floor ? RatioOfMedians(rounds, round => round.Million, run => run.Client.CpuMicrosecondsPerReceived, floor) : "",
            "≤ 0.6 µs",
            Verdict(LoadLabRuns(rounds, round => round.Million), run => run.Client.CpuMicrosecondsPerReceived <= ManyFramesMicroseconds));
    }

    private static TargetRow EngineMemory(IReadOnlyList<SittingRound> rounds) => new(
        "load engine memory per connection (managed heap growth to the peak of 10k)",
        Cells(LoadLabColumns, rounds, round => round.Broadcast, run => run.Client.MemoryPerConnectionBytes, Spread.Count, "B"),
        NoNodeClient,
        "—",
        "",
        "≤ 4 KB",
        Verdict(LoadLabRuns(rounds, round => round.Broadcast), run => run.Client.MemoryPerConnectionBytes <= MemoryPerConnectionBytes));

    private static TargetRow Connects(IReadOnlyList<SittingRound> rounds)
    {
        string Cell(string server)
        {
            var runs = Runs(rounds, round => round.Connects, server, "ws").ToList();
            return runs.Count == 0
                ? "—"
                : $"{Spread.Of([.. runs.Select(run => run.Connections.AllConnectedAfterMs).OfType<double>()], Spread.Count, "ms")}, {Spread.Count(runs.Sum(run => run.Connections.Failed))} failed";
        }

        var floors = rounds.Select(round => round.FloorBroadcast).OfType<FloorRun>().ToList();
        return new TargetRow(
            "10,000 WebSocket connections opened (from the first launch until all are connected)",
            Cell(Sitting.LoadLab),
            "node-ws " + Cell("node-ws"),
            floors.Count == 0 ? "—" : $"{Spread.Of([.. floors.Select(floor => Client(floor, "connect_s") * 1_000)], Spread.Count, "ms")} for bare TCP connects",
            "",
            "≤ 600 ms, 0 failures",
            Verdict(Runs(rounds, round => round.Connects, Sitting.LoadLab, "ws"), run => run.Connections.AllConnectedAfterMs <= ConnectsMs && run.Connections.Failed == 0));
    }

    /// <summary>A target that is a ratio to the floor: each LoadLab run against the floor run of its own round.</summary>
    private static TargetRow AgainstFloor(IReadOnlyList<SittingRound> rounds, string what, FloorLine line, Func<TransportRunResult, double?> figure, bool peers)
    {
        var floors = rounds.Select(round => round.FloorBroadcast).OfType<FloorRun>().ToList();
        var floorMedian = Spread.Median([.. floors.Select(line.Figure)]);
        var pairs = rounds
            .Where(round => round.FloorBroadcast is not null)
            .SelectMany(round => Transports.Select(transport => (Run: Run(round.Broadcast, Sitting.LoadLab, transport), Floor: line.Figure(round.FloorBroadcast!))))
            .Where(pair => pair.Run is not null && figure(pair.Run) is not null)
            .Select(pair => figure(pair.Run!)!.Value / pair.Floor)
            .ToList();
        return new TargetRow(
            what,
            Cells(LoadLabColumns, rounds, round => round.Broadcast, figure, line.Print, line.Unit),
            peers ? Cells(NodePeers, rounds, round => round.Broadcast, figure, line.Print, line.Unit) : NoNodeClient,
            floors.Count == 0 ? "—" : Spread.Of([.. floors.Select(line.Figure)], line.Print, line.Unit),
            floorMedian is { } floor ? RatioOfMedians(rounds, round => round.Broadcast, figure, floor) : "",
            string.Create(CultureInfo.InvariantCulture, $"≤ {line.Factor:0.0#}× the floor"),
            new TargetVerdict(pairs.Count(ratio => ratio <= line.Factor), pairs.Count));
    }

    private static string RatioOfMedians(IReadOnlyList<SittingRound> rounds, Func<SittingRound, IReadOnlyDictionary<string, RunResult>> row, Func<TransportRunResult, double?> figure, double floor) =>
        string.Join(", ", Transports
            .Select(transport => (transport, Median: Spread.Median([.. Runs(rounds, row, Sitting.LoadLab, transport).Select(figure).OfType<double>()])))
            .Where(median => median.Median is not null)
            .Select(median => $"{median.transport} {Spread.Ratio(median.Median!.Value / floor)}"));

    /// <summary>The engine's CPU per message beside the messages per read it had, when its files say.</summary>
    private static string EngineAtFrames(IReadOnlyList<SittingRound> rounds, string transport)
    {
        var runs = Runs(rounds, round => round.Million, Sitting.LoadLab, transport).ToList();
        var cost = $"{transport} {Spread.Of([.. runs.Select(run => run.Client.CpuMicrosecondsPerReceived).OfType<double>()], Spread.Decimals2, "µs")}";
        List<double> perRead = [.. runs.Select(run => run.Client.MessagesPerRead).OfType<double>()];
        return perRead.Count == 0 ? cost : $"{cost} at {Spread.Of(perRead, Spread.Decimals1, "")} messages per read";
    }

    private static string FloorClient(List<FloorRun> floors) =>
        floors.Count == 0
            ? "—"
            : $"{Spread.Of([.. floors.Select(floor => Client(floor, "cpu_us_per_recv"))], Spread.Decimals2, "µs")} at {Spread.Of([.. floors.Select(floor => Client(floor, "msgs_per_read"))], Spread.Decimals1, "")} messages per read";

    /// <summary>A cell per column: its label, then the figure's median and range over the rounds.</summary>
    private static string Cells(
        IEnumerable<Column> columns,
        IReadOnlyList<SittingRound> rounds,
        Func<SittingRound, IReadOnlyDictionary<string, RunResult>> row,
        Func<TransportRunResult, double?> figure,
        Func<double, string> print,
        string unit) =>
        string.Join("; ", columns.Select(column => $"{column.Label} {Spread.Of([.. Runs(rounds, row, column.Server, column.Transport).Select(figure).OfType<double>()], print, unit)}"));

    private static TargetVerdict Verdict(IEnumerable<TransportRunResult> runs, Func<TransportRunResult, bool> meets)
    {
        var all = runs.ToList();
        return new TargetVerdict(all.Count(meets), all.Count);
    }

    private static IEnumerable<TransportRunResult> LoadLabRuns(IReadOnlyList<SittingRound> rounds, Func<SittingRound, IReadOnlyDictionary<string, RunResult>> row) =>
        Transports.SelectMany(transport => Runs(rounds, row, Sitting.LoadLab, transport));

    private static IEnumerable<TransportRunResult> Runs(IReadOnlyList<SittingRound> rounds, Func<SittingRound, IReadOnlyDictionary<string, RunResult>> row, string server, string transport) =>
        rounds.Select(round => Run(row(round), server, transport)).OfType<TransportRunResult>();

    private static TransportRunResult? Run(IReadOnlyDictionary<string, RunResult> servers, string server, string transport) =>
        servers.TryGetValue(server, out var result) ? result.Runs.FirstOrDefault(run => run.Transport == transport) : null;

    private static double Server(FloorRun floor, string key) => Figure(floor.Server, key);

    private static double Client(FloorRun floor, string key) => Figure(floor.Client, key);

    private static double Figure(IReadOnlyDictionary<string, double> figures, string key) =>
        figures.TryGetValue(key, out var value) ? value : double.NaN;

    /// <summary>One server's runs of one transport, as a table names them.</summary>
    private sealed record Column(string Label, string Server, string Transport);

    /// <summary>A target of at most <see cref="Factor"/> times the floor's <see cref="Figure"/>.</summary>
    private sealed record FloorLine(double Factor, Func<FloorRun, double> Figure, string Unit, Func<double, string> Print);
}
