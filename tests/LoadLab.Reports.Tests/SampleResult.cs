using HdrHistogram;
using HdrHistogram.Utilities;
using LoadLab.Results;

namespace LoadLab.Reports.Tests;

/// <summary>
/// A realistic run, built here rather than shared, so the golden file changes only with this project:
/// three transports over 20 seconds (3 of warm-up), failures, thresholds, a saturated client (sse), a server
/// figure the target could not provide (longpoll) and real latency histograms.
/// </summary>
internal static class SampleResult
{
    public static RunResult Create() => new()
    {
        RunId = "20261124-120000-quick",
        Scenario = "quick",
        ResolvedScenario = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = "quick",
            ["transports"] = "ws,sse,longpoll",
            ["connections.target"] = "1000",
            ["publisher.rate"] = "50",
            ["publisher.payloadBytes"] = "128",
            ["warmup"] = "3s",
            ["duration"] = "20s",
        },
        StartedAt = new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.FromHours(1)),
        Status = RunStatus.Completed,
        Environment = new EnvironmentInfo("Debian GNU/Linux 12 (bookworm)", 8, ".NET 10.0.0", "bench-01", "0123456789abcdef0123456789abcdef01234567"),
        Runs = [WebSocket(), Sse(), LongPoll()],
    };

    private static TransportRunResult WebSocket() => Run(
        "ws",
        index: 0,
        new ConnectionStats(1000, 998, 2, Failures(("http 503", 2)), new ConnectTimeStats(1.2, 4.8, 11.0)),
        new MessageStats(600, 600_000, 598_800, 0, 0, 0),
        new LatencyStats(1.8, 3.4, 7.9, 15.2, 41.0, 2.3),
        new ThroughputStats(49_900, 6_387_200),
        new ServerStats(62_000_000, 91_000_000, 24_576.4, 3.42, 5.7),
        new ClientStats(2.1, 150_000_000, false, []),
        [new ThresholdResult("latency.p99 < 20ms", 7.9, true), new ThresholdResult("messages.lost == 0", 0, true)]);

    private static TransportRunResult Sse() => Run(
        "sse",
        index: 1,
        new ConnectionStats(1000, 997, 3, Failures(("http 503", 1), ("timeout", 2)), new ConnectTimeStats(1.1, 4.1, 9.7)),
        new MessageStats(600, 600_000, 598_188, 12, 0, 0),
        new LatencyStats(2.1, 4.0, 9.6, 21.7, 58.3, 2.8),
        new ThroughputStats(49_849, 6_380_672),
        new ServerStats(64_000_000, 97_000_000, 28_913.9, 3.95, 6.6),
        new ClientStats(4.6, 180_000_000, true, ["client CPU at 97% of its budget", "the publisher fell behind its schedule by up to 80 ms"]),
        [new ThresholdResult("latency.p99 < 20ms", 9.6, true), new ThresholdResult("messages.lost == 0", 12, false)]);

    private static TransportRunResult LongPoll() => Run(
        "longpoll",
        index: 2,
        new ConnectionStats(1000, 990, 10, Failures(("timeout", 6), ("connection refused", 4)), new ConnectTimeStats(0.9, 3.2, 8.4)),
        new MessageStats(600, 594_000, 594_000, 0, 0, 37),
        new LatencyStats(6.5, 14.2, 35.8, 80.4, 212.0, 8.9),
        new ThroughputStats(49_500, 6_336_000),
        new ServerStats(null, 120_000_000, null, 7.8, 13.2),
        new ClientStats(3.3, 160_000_000, false, []),
        [
            new ThresholdResult("latency.p99 < 20ms", 35.8, false),
            new ThresholdResult("messages.lost == 0", 0, true),
            new ThresholdResult("server.memoryPerConnectionBytes < 65536", null, false),
        ]);

    private static TransportRunResult Run(
        string transport,
        int index,
        ConnectionStats connections,
        MessageStats messages,
        LatencyStats latency,
        ThroughputStats throughput,
        ServerStats server,
        ClientStats client,
        IReadOnlyList<ThresholdResult> thresholds) => new()
        {
            Transport = transport,
            Status = RunStatus.Completed,
            StartedAt = new DateTimeOffset(2026, 11, 24, 12, index, 0, TimeSpan.Zero),
            MeasuredSeconds = 12,
            Connections = connections,
            Messages = messages,
            LatencyMs = latency,
            Throughput = throughput,
            Server = server,
            Client = client,
            Timeseries = [.. Enumerable.Range(1, 20).Select(second => Point(second, index, latency.P99))],
            Thresholds = thresholds,
            LatencyHistogram = Encode(Latencies(seed: index + 1, count: 5_000, scaleMicroseconds: latency.P99 * 1_000)),
        };

    /// <summary>Ramp to 1000 connections at a transport's own pace, publishing from second 2, draining after 18; longpoll's probe misses seconds 7 and 8.</summary>
    private static TimeSeriesPoint Point(int second, int index, double p99)
    {
        var wave = Math.Sin((second + (3 * index)) / 2.0);
        var delivered = second < 2 ? 0 : second > 18 ? 2_000 * (index + 1) : 50_000 - (300 * index) + (long)(400 * wave);
        return new TimeSeriesPoint(
            second,
            Warmup: second <= 3,
            Connections: Math.Min(1000 - (index == 2 ? 10 : index + 1), second * (450 - (100 * index))),
            Delivered: delivered,
            Bytes: delivered * 128,
            P50Ms: delivered == 0 ? null : Math.Round(p99 / 4 * (1 + (0.1 * wave)), 2),
            P99Ms: delivered == 0 ? null : Math.Round(p99 * (1 + (0.2 * wave)), 2),
            Errors: second == 5 ? index : 0,
            ServerRssBytes: index == 2 && second is 7 or 8 ? null : 60_000_000 + (index * 4_000_000) + (Math.Min(second, 12) * 2_500_000L),
            ServerCpuSeconds: 0.2 * second * (index + 1));
    }

    private static SortedDictionary<string, int> Failures(params (string Reason, int Count)[] failures) =>
        new(failures.ToDictionary(f => f.Reason, f => f.Count), StringComparer.Ordinal);

    /// <summary>Latencies in microseconds, skewed towards the low end with a long tail, as push latencies are.</summary>
    public static LongHistogram Latencies(int seed, int count, double scaleMicroseconds)
    {
        var histogram = new LongHistogram(HistogramCodec.HighestTrackableMicroseconds, 3);
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            histogram.RecordValue(200 + (long)(scaleMicroseconds * Math.Pow(random.NextDouble(), 4) * 1.5));
        }

        return histogram;
    }

    /// <summary>HdrHistogram's own compressed V2 encoding, base64: what any HdrHistogram implementation writes.</summary>
    public static EncodedHistogram Encode(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        return new EncodedHistogram("HdrHistogram-V2-deflate-base64", "microseconds", Convert.ToBase64String(bytes));
    }
}
