namespace LoadLab.Results;

/// <summary>How connecting went: targets, successes, failures by reason, connect time.</summary>
public sealed record ConnectionStats(
    int Target,
    int Established,
    int Failed,
    IReadOnlyDictionary<string, int> FailuresByReason,
    ConnectTimeStats ConnectMs);

/// <summary>Connect (handshake) time percentiles in milliseconds.</summary>
public sealed record ConnectTimeStats(double P50, double P99, double Max);
