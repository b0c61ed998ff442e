using LoadLab.Engine.Publishing;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>
/// The load engine's own CPU and memory over one transport run, and the verdict whether the engine was
/// the bottleneck: beyond 80% of its CPU budget (all cores of the machine), or a publisher behind its
/// schedule, the figures describe the harness rather than the server.
/// </summary>
internal sealed class ClientUsage
{
    private const double SaturationShare = 0.8;

    private readonly TimeSpan _cpuAtStart = Environment.CpuUsage.TotalTime;
    private long _rssPeak = Environment.WorkingSet;

    /// <summary>Called once a second by the sampler.</summary>
    public void Sample() => _rssPeak = Math.Max(_rssPeak, Environment.WorkingSet);

    public ClientStats Summarize(TimeSpan wallTime, Publisher? publisher)
    {
        Sample();
        var cpu = (Environment.CpuUsage.TotalTime - _cpuAtStart).TotalSeconds;
        var budget = wallTime.TotalSeconds * Environment.ProcessorCount;
        var reasons = new List<string>();
        if (budget > 0 && cpu / budget > SaturationShare)
        {
            reasons.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the load engine used {cpu / budget:P0} of its CPU budget ({Environment.ProcessorCount} cores)"));
        }

        if (publisher is { FellBehind: true })
        {
            reasons.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the publisher sent {publisher.Late} of {publisher.Published} messages more than 50 ms behind its schedule (up to {publisher.MaxLag.TotalMilliseconds:F0} ms)"));
        }

        return new ClientStats(cpu, _rssPeak, reasons.Count > 0, reasons);
    }
}
