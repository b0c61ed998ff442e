namespace LoadLab.Results;

/// <summary>Latency from the publisher's scheduled send time to receipt, in milliseconds.</summary>
public sealed record LatencyStats(double P50, double P90, double P99, double P999, double Max, double Mean);
