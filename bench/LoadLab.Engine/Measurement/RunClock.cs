using System.Diagnostics;

namespace LoadLab.Engine.Measurement;

/// <summary>
/// The one clock of a run: microseconds since the run's start, from the monotonic high-resolution
/// timer. Publisher and subscribers share it (one process), so latency is measured on one clock.
/// The agents of a sharded run each start theirs at the same instant of the target's clock
/// (<see cref="StartingAt"/>), so a stamp from one agent is read on the same time base by another.
/// Thread-safe.
/// </summary>
public sealed class RunClock
{
    private readonly long _origin;

    public RunClock()
        : this(Stopwatch.GetTimestamp())
    {
    }

    private RunClock(long origin) => _origin = origin;

    /// <summary>A clock whose zero is <paramref name="origin"/> on this machine's wall clock (past or future), counted from then on the monotonic timer.</summary>
    public static RunClock StartingAt(DateTimeOffset origin)
    {
        var now = Stopwatch.GetTimestamp();
        var sinceOrigin = (DateTimeOffset.UtcNow - origin).Ticks;
        return new RunClock(now - (long)(sinceOrigin * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond)));
    }

    public long NowMicroseconds => ToMicroseconds(Stopwatch.GetTimestamp() - _origin);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_origin);

    private static long ToMicroseconds(long ticks) => (long)(ticks * (1_000_000.0 / Stopwatch.Frequency));
}
