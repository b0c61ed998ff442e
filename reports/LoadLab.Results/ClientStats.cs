namespace LoadLab.Results;

/// <summary>
/// The load engine's own cost. When <see cref="Saturated"/>, the engine itself was the bottleneck
/// (CPU beyond its budget, or it fell behind the publish schedule): the figures describe the harness,
/// not the server, and <see cref="SaturationReasons"/> says why. <see cref="CpuMicrosecondsPerReceived"/> is
/// the engine's CPU over the publishing window per message received in it; <see cref="MemoryPerConnectionBytes"/>
/// its managed heap growth from the start of the run to the peak of connections, per connection (both
/// null when not measured, as in files written before they were).
/// </summary>
public sealed record ClientStats(
    double CpuSeconds,
    long RssBytesPeak,
    bool Saturated,
    IReadOnlyList<string> SaturationReasons,
    double? CpuMicrosecondsPerReceived = null,
    double? MemoryPerConnectionBytes = null);
