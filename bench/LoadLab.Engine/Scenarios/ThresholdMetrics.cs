namespace LoadLab.Engine.Scenarios;

/// <summary>The figures a threshold may name, and which of them are durations (compared in milliseconds).</summary>
public static class ThresholdMetrics
{
    public static IReadOnlySet<string> Known { get; } = new SortedSet<string>(StringComparer.Ordinal)
    {
        "latency.p50", "latency.p90", "latency.p99", "latency.p999", "latency.max", "latency.mean",
        "messages.lost", "messages.duplicated", "messages.outOfOrder", "messages.delivered", "messages.published",
        "connections.failed", "connections.established", "connections.connectMs.p99",
        "throughput.deliveredPerSec", "server.memoryPerConnectionBytes", "client.saturated",
    };
}
