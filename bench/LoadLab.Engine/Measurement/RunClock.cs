using System.Diagnostics;

namespace LoadLab.Engine.Measurement;

/// <summary>
/// The one clock of a run: microseconds since the run's start, from the monotonic high-resolution
/// timer. Publisher and subscribers share it (one process), so latency is measured on one clock.
/// Thread-safe.
/// </summary>
public sealed class RunClock
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    public long NowMicroseconds => ToMicroseconds(Stopwatch.GetTimestamp() - _origin);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_origin);

    private static long ToMicroseconds(long ticks) => (long)(ticks * (1_000_000.0 / Stopwatch.Frequency));
}
