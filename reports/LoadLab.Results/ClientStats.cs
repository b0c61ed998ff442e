namespace LoadLab.Results;

/// <summary>
/// The load engine's own cost. When <see cref="Saturated"/>, the engine itself was the bottleneck
/// (CPU beyond its budget, or it fell behind the publish schedule): the figures describe the harness,
/// not the server, and <see cref="SaturationReasons"/> says why.
/// </summary>
public sealed record ClientStats(double CpuSeconds, long RssBytesPeak, bool Saturated, IReadOnlyList<string> SaturationReasons);
