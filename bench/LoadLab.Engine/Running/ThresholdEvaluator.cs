using LoadLab.Engine.Scenarios;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>Checks a transport run's figures against the scenario's thresholds.</summary>
internal static class ThresholdEvaluator
{
    public static IReadOnlyList<ThresholdResult> Evaluate(IReadOnlyList<Threshold> thresholds, TransportRunResult run) =>
        [.. thresholds.Select(threshold =>
        {
            var actual = Figure(threshold.Metric, run);
            return new ThresholdResult(threshold.Text, actual, actual is { } value && Holds(threshold.Operator, value, threshold.Value));
        })];

    /// <summary>The figure a threshold metric names; null when the run could not measure it (it then fails).</summary>
    internal static double? Figure(string metric, TransportRunResult run) => metric switch
    {
        "latency.p50" => run.LatencyMs.P50,
        "latency.p90" => run.LatencyMs.P90,
        "latency.p99" => run.LatencyMs.P99,
        "latency.p999" => run.LatencyMs.P999,
        "latency.max" => run.LatencyMs.Max,
        "latency.mean" => run.LatencyMs.Mean,
        "messages.lost" => run.Messages.Lost,
        "messages.duplicated" => run.Messages.Duplicated,
        "messages.outOfOrder" => run.Messages.OutOfOrder,
        "messages.delivered" => run.Messages.Delivered,
        "messages.published" => run.Messages.Published,
        "connections.failed" => run.Connections.Failed,
        "connections.established" => run.Connections.Established,
        "connections.connectMs.p99" => run.Connections.ConnectMs.P99,
        "throughput.deliveredPerSec" => run.Throughput.DeliveredPerSec,
        "server.memoryPerConnectionBytes" => run.Server.MemoryPerConnectionBytes,
        "client.saturated" => run.Client.Saturated ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown threshold metric."),
    };

    private static bool Holds(ThresholdOperator op, double actual, double limit) => op switch
    {
        ThresholdOperator.Less => actual < limit,
        ThresholdOperator.LessOrEqual => actual <= limit,
        ThresholdOperator.Equal => actual == limit,
        ThresholdOperator.NotEqual => actual != limit,
        ThresholdOperator.GreaterOrEqual => actual >= limit,
        ThresholdOperator.Greater => actual > limit,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown operator."),
    };
}
