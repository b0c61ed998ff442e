using LoadLab.Engine.Measurement;
using LoadLab.Engine.Publishing;

namespace LoadLab.Engine.Tests.Publishing;

public sealed class ScheduleWaitTests
{
    /// <summary>
    /// The publisher's loop waits until a message's time and reads its clock again. Spinning through the last
    /// millisecond (what a shorter <c>Task.Delay</c> does) takes thousands of rounds; sleeping it takes one or two.
    /// Counted, not timed.
    /// </summary>
    [Fact]
    public async Task Less_than_a_millisecond_before_a_scheduled_time_is_slept_not_spun()
    {
        var clock = new RunClock();
        var due = clock.NowMicroseconds + 900;
        var waits = 0;
        for (long left; (left = due - clock.NowMicroseconds) > 0 && waits < 100_000; waits++)
        {
            await ScheduleWait.ForAsync(left, CancellationToken.None);
        }

        if (OperatingSystem.IsLinux())
        {
            // clock_nanosleep (a signal may wake it early, and the time may pass before the first wait).
            Assert.InRange(waits, 0, 10);
        }
        else
        {
            Assert.True(waits > 10, $"{waits} waits: elsewhere the last millisecond is still spun");
        }
    }
}
