namespace LoadLab.Results;

/// <summary>
/// A figure of a transport run that thresholds, comparisons and the gate can name: its unit, which
/// direction is better, how to read it, and — where the time series has it — its per-second samples,
/// so that a change can be tested for significance. <see cref="Exact"/> marks counts that are not noise (a
/// lost message is a lost message). Every consumer reads the same catalog: no table of special cases elsewhere.
/// </summary>
public sealed record Metric(
    string Name,
    string Unit,
    bool LowerIsBetter,
    Func<TransportRunResult, double?> Value,
    Func<TimeSeriesPoint, double?>? PerSecond = null,
    bool Exact = false)
{
    public static IReadOnlyList<Metric> All { get; } =
    [
        new("latency.p50", "ms", LowerIsBetter: true, r => r.LatencyMs.P50, p => p.P50Ms),
        new("latency.p90", "ms", LowerIsBetter: true, r => r.LatencyMs.P90),
        new("latency.p99", "ms", LowerIsBetter: true, r => r.LatencyMs.P99, p => p.P99Ms),
        new("latency.p999", "ms", LowerIsBetter: true, r => r.LatencyMs.P999),
        new("latency.max", "ms", LowerIsBetter: true, r => r.LatencyMs.Max),
        new("latency.mean", "ms", LowerIsBetter: true, r => r.LatencyMs.Mean),
        new("messages.lost", "messages", LowerIsBetter: true, r => r.Messages.Lost, Exact: true),
        new("messages.duplicated", "messages", LowerIsBetter: true, r => r.Messages.Duplicated, Exact: true),
        new("messages.outOfOrder", "messages", LowerIsBetter: true, r => r.Messages.OutOfOrder, Exact: true),
        new("messages.delivered", "messages", LowerIsBetter: false, r => r.Messages.Delivered),
        new("messages.published", "messages", LowerIsBetter: false, r => r.Messages.Published),
        new("connections.failed", "connections", LowerIsBetter: true, r => r.Connections.Failed, Exact: true),
        new("connections.established", "connections", LowerIsBetter: false, r => r.Connections.Established),
        new("connections.connectMs.p99", "ms", LowerIsBetter: true, r => r.Connections.ConnectMs.P99),
        new("throughput.deliveredPerSec", "msg/s", LowerIsBetter: false, r => r.Throughput.DeliveredPerSec, p => p.Delivered),
        new("server.memoryPerConnectionBytes", "bytes", LowerIsBetter: true, r => r.Server.MemoryPerConnectionBytes),
        new("server.cpuMicrosecondsPerDelivered", "µs", LowerIsBetter: true, r => r.Server.CpuMicrosecondsPerDelivered),
        new("client.saturated", "", LowerIsBetter: true, r => r.Client.Saturated ? 1 : 0, Exact: true),
        new("client.cpuMicrosecondsPerReceived", "µs", LowerIsBetter: true, r => r.Client.CpuMicrosecondsPerReceived),
        new("client.memoryPerConnectionBytes", "bytes", LowerIsBetter: true, r => r.Client.MemoryPerConnectionBytes),
        new("client.messagesPerRead", "messages", LowerIsBetter: false, r => r.Client.MessagesPerRead),
        new("messages.notPublished", "messages", LowerIsBetter: true, r => r.Messages.NotPublished, Exact: true),
        new("reconnects.drops", "connections", LowerIsBetter: true, r => r.Reconnects?.Drops, Exact: true),
        new("reconnects.attempts", "attempts", LowerIsBetter: true, r => r.Reconnects?.Attempts),
        new("reconnects.resumeGaps", "resumes", LowerIsBetter: true, r => r.Reconnects?.ResumeGaps, Exact: true),
        new("reconnects.timeMs.p50", "ms", LowerIsBetter: true, r => r.Reconnects?.TimeMs.P50),
        new("reconnects.timeMs.p99", "ms", LowerIsBetter: true, r => r.Reconnects?.TimeMs.P99),
        new("reconnects.timeMs.max", "ms", LowerIsBetter: true, r => r.Reconnects?.TimeMs.Max),
        // Without slow clients every client is a healthy one: the run to compare a slow-client run with.
        new("slowClients.healthyLatency.p99", "ms", LowerIsBetter: true, r => r.SlowClients?.HealthyLatencyMs.P99 ?? r.LatencyMs.P99),
        new("slowClients.slowLatency.p99", "ms", LowerIsBetter: true, r => r.SlowClients?.SlowLatencyMs.P99),
        new("slowClients.healthyLost", "messages", LowerIsBetter: true, r => r.SlowClients?.HealthyLost ?? r.Messages.Lost, Exact: true),
        new("slowClients.serverDisconnected", "clients", LowerIsBetter: true, r => r.SlowClients?.ServerSlowConsumersDisconnected, Exact: true),
        new("server.gcHeapBytesPeak", "bytes", LowerIsBetter: true, r => r.Server.GcHeapBytesPeak),
        new("server.queueDepthPeak", "messages", LowerIsBetter: true, r => r.Server.QueueDepthPeak),
        new("server.rssBytesPeak", "bytes", LowerIsBetter: true, r => r.Server.RssBytesPeak),
    ];

    private static readonly Dictionary<string, Metric> ByName = All.ToDictionary(metric => metric.Name, StringComparer.Ordinal);

    public static bool TryFind(string name, out Metric metric) => ByName.TryGetValue(name, out metric!);
}
