using System.Globalization;
using LoadLab.Results;

namespace LoadLab.Reports;

/// <summary>
/// One row of the verdict table (and of a compare page's table for its <see cref="Section"/>): a metric of the results' catalog (how to read it, which direction is
/// better) with a label and a print format — so the best transport of each row is marked without special
/// cases, and the report agrees with thresholds and the gate on which way is better.
/// </summary>
internal sealed record Figure(string Section, string Label, Metric Metric, Func<double, string> Print)
{
    public static IReadOnlyList<Figure> Verdict { get; } =
    [
        Catalog("Connections", "connections established", "connections.established", Count),
        Catalog("Connections", "connections failed", "connections.failed", Count),
        Catalog("Connections", "connect time p99 (ms)", "connections.connectMs.p99", Decimals1),
        Catalog("Throughput", "delivered msg/s", "throughput.deliveredPerSec", Count),
        // Not in the catalog (no threshold or gate names it): described the same way here.
        new("Throughput", "delivered bytes/s", new Metric("throughput.bytesPerSec", "B/s", LowerIsBetter: false, r => r.Throughput.BytesPerSec), Count),
        Catalog("Latency", "latency p50 (ms)", "latency.p50", Decimals2),
        Catalog("Latency", "latency p90 (ms)", "latency.p90", Decimals2),
        Catalog("Latency", "latency p99 (ms)", "latency.p99", Decimals2),
        Catalog("Latency", "latency p99.9 (ms)", "latency.p999", Decimals2),
        Catalog("Latency", "latency max (ms)", "latency.max", Decimals2),
        Catalog("Messages", "messages lost", "messages.lost", Count),
        Catalog("Messages", "messages duplicated", "messages.duplicated", Count),
        Catalog("Messages", "messages out of order", "messages.outOfOrder", Count),
        Catalog("Server", "server memory per connection (bytes)", "server.memoryPerConnectionBytes", Count),
        Catalog("Server", "server CPU per delivered message (µs)", "server.cpuMicrosecondsPerDelivered", Decimals2),
        new("Load engine", "client CPU (s)", new Metric("client.cpuSeconds", "s", LowerIsBetter: true, r => r.Client.CpuSeconds), Decimals2),
        Catalog("Load engine", "client CPU per received message (µs)", "client.cpuMicrosecondsPerReceived", Decimals2),
        Catalog("Load engine", "client memory per connection (bytes)", "client.memoryPerConnectionBytes", Count),
        Catalog("Load engine", "client messages per read", "client.messagesPerRead", Decimals1),
        Catalog("Load engine", "client saturated", "client.saturated", YesNo),
    ];

    /// <summary>
    /// Rows a compare page adds when one of its runs has what they describe (<c>When</c>): faults and reconnects,
    /// slow clients. A run report shows them in sections of their own instead.
    /// </summary>
    public static IReadOnlyList<(Figure Figure, Func<TransportRunResult, bool> When)> Resilience { get; } =
    [
        (Catalog("Latency", "healthy clients latency p99 (ms)", "slowClients.healthyLatency.p99", Decimals2), HasSlowClients),
        (Catalog("Latency", "slow clients latency p99 (ms)", "slowClients.slowLatency.p99", Decimals2), HasSlowClients),
        (Catalog("Messages", "healthy clients' messages lost", "slowClients.healthyLost", Count), HasSlowClients),
        (Catalog("Messages", "messages not published", "messages.notPublished", Count), HadFaults),
        (Catalog("Reconnects", "connections lost", "reconnects.drops", Count), HadFaults),
        (Catalog("Reconnects", "reconnect attempts", "reconnects.attempts", Count), HadFaults),
        (Catalog("Reconnects", "reconnect time p50 (ms)", "reconnects.timeMs.p50", Decimals1), HadFaults),
        (Catalog("Reconnects", "reconnect time p99 (ms)", "reconnects.timeMs.p99", Decimals1), HadFaults),
        (Catalog("Reconnects", "resume gap notices", "reconnects.resumeGaps", Count), HadFaults),
        (Catalog("Server", "slow consumers disconnected", "slowClients.serverDisconnected", Count), HasSlowClients),
        (Catalog("Server", "server queue depth peak (messages)", "server.queueDepthPeak", Count), HasSlowClients),
        (Catalog("Server", "server managed heap peak (bytes)", "server.gcHeapBytesPeak", Count), HasSlowClients),
    ];

    /// <summary>The run's value as printed; <c>n/a</c> when the figure is unknown (the target exposes nothing to compute it from).</summary>
    public string Format(TransportRunResult run) => Metric.Value(run) is { } value ? Print(value) : "n/a";

    /// <summary>
    /// Per run, in order: whether it holds the row's best value. None is marked when fewer than two runs
    /// have a value or all values are equal — a mark must tell transports apart.
    /// </summary>
    public IReadOnlyList<bool> Best(IReadOnlyList<TransportRunResult> runs)
    {
        var values = runs.Select(Metric.Value).ToList();
        var known = values.OfType<double>().ToList();
        if (known.Count < 2 || known.Distinct().Count() == 1)
        {
            return new bool[runs.Count];
        }

        var best = Metric.LowerIsBetter ? known.Min() : known.Max();
        return [.. values.Select(value => value == best)];
    }

    private static bool HasSlowClients(TransportRunResult run) => run.SlowClients is not null;

    private static bool HadFaults(TransportRunResult run) => run.Faults is { Count: > 0 } || run.Reconnects is { Drops: > 0 };

    private static Figure Catalog(string section, string label, string metric, Func<double, string> print) =>
        new(section, label, Metric.TryFind(metric, out var found) ? found : throw new InvalidOperationException($"the results' metric catalog has no '{metric}'"), print);

    private static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Decimals1(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    private static string Decimals2(double value) => value.ToString("N2", CultureInfo.InvariantCulture);

    private static string YesNo(double value) => value == 0 ? "no" : "yes";
}
