namespace LoadLab.Results;

/// <summary>
/// The load engine's own cost. When <see cref="Saturated"/>, the engine itself was the bottleneck
/// (CPU beyond its budget, or it fell behind the publish schedule): the figures describe the harness,
/// not the server, and <see cref="SaturationReasons"/> says why. <see cref="CpuMicrosecondsPerReceived"/> is
/// the engine's CPU over the publishing window per message received in it; <see cref="MemoryPerConnectionBytes"/>
/// its managed heap growth from the start of the run to the peak of connections, per connection (both
/// null when not measured, as in files written before they were). <see cref="MessagesPerRead"/> is how many
/// messages one read of a socket brought over the same window: the cost per message falls as it rises, so a cost
/// per message is read beside it (null for long-polling, whose HTTP client does its reads).
/// </summary>
public sealed record ClientStats(
    double CpuSeconds,
    long RssBytesPeak,
    bool Saturated,
    IReadOnlyList<string> SaturationReasons,
    double? CpuMicrosecondsPerReceived = null,
    double? MemoryPerConnectionBytes = null,
    double? MessagesPerRead = null);
