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
    double? CpuMicrosecondsPerDelivered);
