using System.Diagnostics;

namespace LoadLab.Engine.Diagnosis;

/// <summary>One monotonic clock for a probe: sends, arrivals and timings are all measured from its start. Thread-safe.</summary>
internal sealed class ProbeClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public TimeSpan Now => Stopwatch.GetElapsedTime(_start);

    /// <summary>Waits until <paramref name="at"/> on this clock (at once when it has passed).</summary>
    public Task WaitUntilAsync(TimeSpan at, CancellationToken cancellationToken)
    {
        var wait = at - Now;
        return wait > TimeSpan.Zero ? Task.Delay(wait, cancellationToken) : Task.CompletedTask;
    }
}
