namespace LoadLab.Results;

/// <summary>How connecting went: targets, successes, failures by reason, connect time.</summary>
public sealed record ConnectionStats(
    int Target,
    int Established,
    int Failed,
    IReadOnlyDictionary<string, int> FailuresByReason,
    ConnectTimeStats ConnectMs)
{
    /// <summary>
    /// From the first client's launch to the first moment all of <see cref="Target"/> were connected at once, seen at the
    /// engine's 10 ms control tick (so up to 10 ms late); null when that never happened, and in a merge of shards.
    /// </summary>
    public double? AllConnectedAfterMs { get; init; }
}

/// <summary>Connect (handshake) time percentiles in milliseconds.</summary>
public sealed record ConnectTimeStats(double P50, double P99, double Max);
