using HdrHistogram;

namespace LoadLab.Results.Tests;

/// <summary>A realistic, fully populated result: three transports, a time series, failures, thresholds.</summary>
internal static class SampleResults
{
    public static LongHistogram Latencies(int seed, int count)
    {
        var histogram = new LongHistogram(HistogramCodec.HighestTrackableMicroseconds, 3);
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            histogram.RecordValue(500 + (long)(random.NextDouble() * random.NextDouble() * 50_000));
        }

        return histogram;
    }

    public static RunResult Create(string name = "quick", string reason = "http 503", string threshold = "latency.p99 < 50ms") => new()
    {
        RunId = "20261124-120000-quick",
        Scenario = name,
        ResolvedScenario = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["name"] = name, ["publisher.rate"] = "50", ["transports"] = "ws,sse,longpoll" },
        StartedAt = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero),
        Status = RunStatus.Completed,
        Environment = new EnvironmentInfo("Debian 12", 2, ".NET 10.0.12", "box", "0123456789abcdef0123456789abcdef01234567"),
        Runs = [Run("ws", 1, reason, threshold, saturated: false), Run("sse", 2, reason, threshold, saturated: true), Run("longpoll", 3, reason, threshold, saturated: false)],
    };

    private static TransportRunResult Run(string transport, int seed, string reason, string threshold, bool saturated) => new()
    {
        Transport = transport,
        Status = RunStatus.Completed,
        StartedAt = new DateTimeOffset(2026, 11, 24, 12, seed, 0, TimeSpan.Zero),
        MeasuredSeconds = 12,
        Connections = new ConnectionStats(300, 298 - seed, 2 + seed, new SortedDictionary<string, int>(StringComparer.Ordinal) { [reason] = 2, ["timeout"] = seed }, new ConnectTimeStats(1.5 * seed, 4.25 * seed, 9.5 * seed)),
        Messages = new MessageStats(600, 180_000, 180_000 - seed, seed, 0, seed - 1),
        LatencyMs = new LatencyStats(2.5 * seed, 4 * seed, 8.75 * seed, 12 * seed, 20 * seed, 3.1 * seed),
        Throughput = new ThroughputStats(15_000 - (100 * seed), 1_920_000.5 - seed),
        Server = seed == 3 ? new ServerStats(null, null, null, null, null) : new ServerStats(80_000_000, 95_000_000, 4096.5 * seed, 1.25 * seed, 7.5 * seed),
        Client = new ClientStats(0.75 * seed, 120_000_000, saturated, saturated ? ["the publisher fell behind its schedule by up to 80 ms"] : []),
        Timeseries = [.. Enumerable.Range(1, 20).Select(second => new TimeSeriesPoint(second, second <= 3, Math.Min(300, second * 100), second > 17 ? 0 : 15_000, 1_920_000, 2.0 + (seed * 0.1), 8.0 + seed, second == 5 ? 1 : 0, 80_000_000 + (second * 100_000), 0.1 * second))],
        Thresholds = [new ThresholdResult(threshold, 8.75 * seed, seed != 3), new ThresholdResult("messages.lost == 0", seed, false)],
        LatencyHistogram = HistogramCodec.Encode(Latencies(seed, 5_000)),
    };
}
