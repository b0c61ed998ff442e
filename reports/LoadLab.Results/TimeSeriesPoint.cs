namespace LoadLab.Results;

/// <summary>One second of a transport run. Latency percentiles are of that second alone (null when nothing arrived).</summary>
public sealed record TimeSeriesPoint(
    int Second,
    bool Warmup,
    int Connections,
    long Delivered,
    long Bytes,
    double? P50Ms,
    double? P99Ms,
    long Errors,
    long? ServerRssBytes,
    double? ServerCpuSeconds)
{
    /// <summary>Messages waiting in the server's subscriber queues, from its <c>/metrics</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? ServerQueueDepth { get; init; }

    /// <summary>The server's managed heap, from its <c>/metrics</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? ServerGcHeapBytes { get; init; }
}
