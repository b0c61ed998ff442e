using System.Diagnostics.Metrics;

namespace LoadLab.PushCore;

/// <summary>
/// The push core's counters, kept in plain fields (one interlocked add on the hot path) and exposed
/// as observable instruments of the <c>LoadLab.Push</c> meter, so any <see cref="MeterListener"/>,
/// dotnet-counters or an exporter reads them; <see cref="Snapshot"/> serves hosts that render them
/// directly (the Prometheus endpoint). Thread-safe.
/// </summary>
internal sealed class PushMetrics : IDisposable
{
    private const int TransportCount = 3;

    private readonly long[] _subscribers = new long[TransportCount];
    private readonly long[] _delivered = new long[TransportCount];
    private readonly long[] _dropped = new long[TransportCount];
    private readonly long[] _slowConsumersDisconnected = new long[TransportCount];
    private readonly long[] _subscribersDropped = new long[TransportCount];
    private readonly Meter _meter;
    private long _published;
    private long _queueDepth;
    private long _resumeGaps;

    public PushMetrics()
    {
        _meter = new Meter(PushHub.MeterName);
        _meter.CreateObservableUpDownCounter("loadlab.push.subscribers", () => PerTransport(_subscribers), "{subscriber}", "Current subscribers by transport.");
        _meter.CreateObservableCounter("loadlab.push.published", () => Volatile.Read(ref _published), "{message}", "Messages published.");
        _meter.CreateObservableCounter("loadlab.push.delivered", () => PerTransport(_delivered), "{message}", "Messages written to subscribers, by transport.");
        _meter.CreateObservableCounter("loadlab.push.dropped", () => PerTransport(_dropped), "{message}", "Messages dropped from full queues (DropOldest), by transport.");
        _meter.CreateObservableCounter("loadlab.push.slow_consumers_disconnected", () => PerTransport(_slowConsumersDisconnected), "{subscriber}", "Subscribers closed because their queue was full (Disconnect), by transport.");
        _meter.CreateObservableCounter("loadlab.push.subscribers_dropped", () => PerTransport(_subscribersDropped), "{subscriber}", "Subscribers cut on purpose (admin drop), by transport.");
        _meter.CreateObservableUpDownCounter("loadlab.push.queue_depth", () => Volatile.Read(ref _queueDepth), "{message}", "Messages waiting in all subscriber queues.");
        _meter.CreateObservableCounter("loadlab.push.resume_gaps", () => Volatile.Read(ref _resumeGaps), "{resume}", "Resumes that asked for messages no longer held.");
    }

    public Meter Meter => _meter;

    public void SubscriberAdded(Transport transport) => Interlocked.Increment(ref _subscribers[(int)transport]);

    public void SubscriberRemoved(Transport transport) => Interlocked.Decrement(ref _subscribers[(int)transport]);

    public void Published() => Interlocked.Increment(ref _published);

    public void Delivered(Transport transport, int count) => Interlocked.Add(ref _delivered[(int)transport], count);

    public void Dropped(Transport transport) => Interlocked.Increment(ref _dropped[(int)transport]);

    public void SlowConsumerDisconnected(Transport transport) => Interlocked.Increment(ref _slowConsumersDisconnected[(int)transport]);

    public void SubscriberDropped(Transport transport) => Interlocked.Increment(ref _subscribersDropped[(int)transport]);

    public void QueueDepthChanged(int delta) => Interlocked.Add(ref _queueDepth, delta);

    public void ResumeGap() => Interlocked.Increment(ref _resumeGaps);

    public PushMetricsSnapshot Snapshot()
    {
        var byTransport = new Dictionary<Transport, TransportCounters>(TransportCount);
        foreach (var transport in TransportNames.All)
        {
            var i = (int)transport;
            byTransport[transport] = new TransportCounters(
                Volatile.Read(ref _subscribers[i]),
                Volatile.Read(ref _delivered[i]),
                Volatile.Read(ref _dropped[i]),
                Volatile.Read(ref _slowConsumersDisconnected[i]),
                Volatile.Read(ref _subscribersDropped[i]));
        }

        return new PushMetricsSnapshot(Volatile.Read(ref _published), Volatile.Read(ref _queueDepth), Volatile.Read(ref _resumeGaps), byTransport);
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> PerTransport(long[] values)
    {
        foreach (var transport in TransportNames.All)
        {
            yield return new Measurement<long>(Volatile.Read(ref values[(int)transport]), new KeyValuePair<string, object?>("transport", transport.ToName()));
        }
    }
}
