using System.Globalization;
using LoadLab.Engine.Publishing;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>
/// The load engine's own CPU and memory over one transport run, and the verdict whether the engine was
/// the bottleneck: beyond 80% of its CPU budget (the CPUs it may run on, pinned or not) over the publishing
/// window, where its load is, or a publisher behind its schedule: then the figures describe the harness
/// rather than the server.
/// </summary>
internal sealed class ClientUsage
{
    private const double SaturationShare = 0.8;

    private readonly TimeSpan _cpuAtStart = Environment.CpuUsage.TotalTime;
    // Managed heap, not RSS: the engine runs its transports one after another in one process, and memory the
    // previous transport freed is reused without RSS moving. A full collection at both ends (both idle moments,
    // before any publish) leaves only what the open connections hold.
    private readonly long _heapAtStart = GC.GetTotalMemory(forceFullCollection: true);
    private long _rssPeak = Environment.WorkingSet;
    private (TimeSpan Cpu, long Ticks, long Received, long Reads)? _loadStart;
    private (TimeSpan Cpu, long Ticks, long Received, long Reads)? _loadEnd;
    private double? _memoryPerConnection;

    /// <summary>Called once a second by the sampler.</summary>
    public void Sample() => _rssPeak = Math.Max(_rssPeak, Environment.WorkingSet);

    /// <summary>The connections are all open and idle: the memory they cost the engine is read now.</summary>
    public void ConnectionsOpened(int connections)
    {
        if (connections > 0)
        {
            _memoryPerConnection = Math.Max(0, GC.GetTotalMemory(forceFullCollection: true) - _heapAtStart) / (double)connections;
        }
    }

    public void LoadStarted(long received, long reads) => _loadStart = (Environment.CpuUsage.TotalTime, Environment.TickCount64, received, reads);

    public void LoadEnded(long received, long reads) => _loadEnd = (Environment.CpuUsage.TotalTime, Environment.TickCount64, received, reads);

    public ClientStats Summarize(TimeSpan wallTime, Publisher? publisher)
    {
        Sample();
        var cpu = (Environment.CpuUsage.TotalTime - _cpuAtStart).TotalSeconds;
        var cores = CpuAffinity.AllowedCpuCount();
        var reasons = new List<string>();
        double? perReceived = null;
        double? perRead = null;
        var (busyCpu, busySeconds) = (cpu, wallTime.TotalSeconds);
        if (_loadStart is { } start && _loadEnd is { } end && end.Ticks > start.Ticks)
        {
            (busyCpu, busySeconds) = ((end.Cpu - start.Cpu).TotalSeconds, (end.Ticks - start.Ticks) / 1000.0);
            perReceived = end.Received > start.Received ? busyCpu * 1e6 / (end.Received - start.Received) : null;

            // Long-polling's clients count no reads (their HTTP client reads): no figure then.
            perRead = end.Reads > start.Reads ? (end.Received - start.Received) / (double)(end.Reads - start.Reads) : null;
        }

        var budget = busySeconds * cores;
        if (budget > 0 && busyCpu / budget > SaturationShare)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"the load engine used {busyCpu / budget:P0} of its CPU budget ({cores} {(cores == 1 ? "core" : "cores")}) while publishing"));
        }

        if (publisher is { FellBehind: true })
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"the publisher sent {publisher.Late} of {publisher.Published} messages more than 50 ms behind its schedule (up to {publisher.MaxLag.TotalMilliseconds:F0} ms)"));
        }

        return new ClientStats(cpu, _rssPeak, reasons.Count > 0, reasons, perReceived, _memoryPerConnection, perRead);
    }
}
