namespace LoadLab.Results;

/// <summary>
/// One shard of a merged results file: where it ran and its clock. Latency is stamped by the publishing shard and
/// read by the receiving one; <see cref="OffsetToPublisherMs"/> (this shard's offset − the publisher's) is the
/// correction the agent applied by running on the target's clock, and <see cref="LatencyUncertaintyMs"/> (both
/// uncertainties added) how far its latencies may still be off. Both null when every shard published its own messages.
/// </summary>
public sealed record MergedShard(
    int Index,
    string RunId,
    string MachineName,
    ClockOffset? Clock,
    double? OffsetToPublisherMs,
    double? LatencyUncertaintyMs);
