namespace LoadLab.Results;

/// <summary>
/// The server's cost, from its <c>/metrics</c> or <c>/proc</c>; a figure is null when the target
/// exposes nothing to compute it from.
/// </summary>
public sealed record ServerStats(
    long? RssBytesIdle,
    long? RssBytesPeak,
    double? MemoryPerConnectionBytes,
    double? CpuSeconds,
    double? CpuMicrosecondsPerDelivered)
{
    /// <summary>The highest managed heap (after a collection) seen, from <c>/metrics</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? GcHeapBytesPeak { get; init; }

    /// <summary>The most messages seen waiting in all subscriber queues at once, from <c>/metrics</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? QueueDepthPeak { get; init; }
}
