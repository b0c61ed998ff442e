namespace LoadLab.Results;

/// <summary>
/// How far an agent's clock was from the target's, estimated NTP-style before the run: <see cref="OffsetMs"/> is
/// target clock − agent clock, within ± <see cref="UncertaintyMs"/> (half the round trip of the best of
/// <see cref="Samples"/> exchanges, plus the resolution of <see cref="Source"/>: <c>GET /time</c>, or the
/// <c>Date</c> header of a server without it).
/// </summary>
public sealed record ClockOffset(double OffsetMs, double UncertaintyMs, double RoundTripMs, int Samples, string Source);
