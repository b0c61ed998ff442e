using HdrHistogram;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Probes;
using LoadLab.Engine.Scenarios;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>
/// Once a second: the per-second point of the time series (connections, deliveries, bytes, that
/// second's p50/p99, errors, server RSS and CPU) and the progress a live display shows.
/// </summary>
internal sealed class SecondSampler(
    RunRecorder recorder,
    ServerProbe probe,
    ClientUsage usage,
    TimeSpan warmup,
    LoadProfile profile,
    TransportKind transport,
    IProgress<RunProgress>? progress)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly List<TimeSeriesPoint> _points = [];
    private HistogramBase? _interval;
    private long _delivered;
    private long _bytes;
    private long _errors;

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                await SampleAsync(stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <summary>Waits for the sampling loop to end and returns the series.</summary>
    public async Task<IReadOnlyList<TimeSeriesPoint>> CompleteAsync(Task sampling)
    {
        await sampling.ConfigureAwait(false);
        return _points;
    }

    private async Task SampleAsync(CancellationToken stop)
    {
        _interval = recorder.TakeIntervalLatency(_interval);
        var delivered = recorder.Delivered;
        var bytes = recorder.Bytes;
        var errors = recorder.Errors;
        var server = await probe.SampleAsync(stop).ConfigureAwait(false);
        usage.Sample();

        var elapsed = recorder.Clock.Elapsed;
        var point = new TimeSeriesPoint(
            _points.Count + 1,
            elapsed <= warmup,
            recorder.Connections,
            delivered - _delivered,
            bytes - _bytes,
            HistogramSummary.PercentileMs(_interval, 50),
            HistogramSummary.PercentileMs(_interval, 99),
            errors - _errors,
            server.RssBytes,
            server.CpuSeconds)
        {
            ServerQueueDepth = server.QueueDepth,
            ServerGcHeapBytes = server.GcHeapBytes,
        };
        _points.Add(point);
        (_delivered, _bytes, _errors) = (delivered, bytes, errors);

        progress?.Report(new RunProgress(
            transport.ToName(),
            profile.StageAt(elapsed) + 1,
            profile.StageCount,
            elapsed,
            profile.Duration,
            point.Warmup,
            point.Connections,
            profile.ConnectionsAt(elapsed),
            point.Delivered,
            point.P99Ms,
            recorder.Errors));
    }
}
