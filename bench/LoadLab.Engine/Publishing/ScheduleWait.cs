using LoadLab.Engine.Clients.Receiving;

namespace LoadLab.Engine.Publishing;

/// <summary>
/// How the publisher waits for a message's scheduled time without taking the engine's core. The runtime's timers count
/// whole milliseconds, and a shorter <see cref="Task.Delay(TimeSpan, CancellationToken)"/> completes at once: the
/// schedule loop used to spin through the last millisecond before every message, up to a core's 5% at 100 publishes a
/// second, on the core the receive loop needs (perf at 1M msg/s: the publisher's loop and its clock reads were ≈ 3% of
/// the engine's samples). Whole milliseconds are slept on a timer; on Linux the rest with <c>clock_nanosleep</c>,
/// precise to its ≈ 50 µs of timer slack, blocking the thread-pool thread for less than a millisecond.
/// </summary>
internal static class ScheduleWait
{
    private const long MicrosecondsPerMillisecond = 1_000;

    /// <summary>Waits about <paramref name="microseconds"/>, never longer: the caller reads its clock again after.</summary>
    public static ValueTask ForAsync(long microseconds, CancellationToken cancellationToken)
    {
        if (microseconds >= MicrosecondsPerMillisecond)
        {
            return new ValueTask(Task.Delay(TimeSpan.FromMilliseconds(microseconds / MicrosecondsPerMillisecond), cancellationToken));
        }

        if (OperatingSystem.IsLinux() && microseconds > 0)
        {
            Sleep(microseconds);
        }

        // Elsewhere the caller reads its clock again at once: a spin through the last millisecond.
        return ValueTask.CompletedTask;
    }

    private static unsafe void Sleep(long microseconds)
    {
        var request = new Libc.TimeSpec { Seconds = 0, Nanoseconds = (nint)(microseconds * 1_000) };

        // Woken early by a signal, the caller finds the time not yet come and waits again.
        _ = Libc.ClockNanosleep(Libc.MonotonicClock, 0, &request, null);
    }
}
