using System.Collections.Concurrent;
using HdrHistogram;

namespace LoadLab.Engine.Measurement;

/// <summary>
/// Where every client of one transport run records what happens: latencies (wait-free HdrHistogram
/// recorders, swapped once a second for the time series), counters, connect times and failures.
/// Thread-safe; recording allocates nothing.
/// </summary>
internal sealed class RunRecorder
{
    private const long HighestMicroseconds = Histograms.HighestMicroseconds;

    /// <summary>Null unless this thread records its deliveries apart, as their sole writer (a receive loop's thread).</summary>
    [ThreadStatic]
    private static ThreadDeliveries? t_apart;

    private static long s_runs;

    private readonly long _id = Interlocked.Increment(ref s_runs);
    private readonly DeliveryRecorder _sharedDeliveries;
    private readonly ConcurrentDictionary<int, DeliveryRecorder> _threadDeliveries = new();
    private readonly bool _splitSlowClients;
    private readonly Recorder _connectTimes = Histograms.CreateRecorder();
    private readonly Recorder _reconnectTimes = Histograms.CreateRecorder();
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly long _measuredFromMicroseconds;
    private long _errors;
    private int _connections;
    private int _established;
    private int _failedConnections;
    private long _drops;
    private long _reconnectAttempts;
    private long _reconnects;
    private long _resumeGaps;

    /// <param name="clock">The run's clock.</param>
    /// <param name="measuredFromMicroseconds">Where the measured window starts on it.</param>
    /// <param name="splitSlowClients">Whether the measured latencies of slow and healthy clients are also kept apart.</param>
    public RunRecorder(RunClock clock, long measuredFromMicroseconds, bool splitSlowClients = false)
    {
        Clock = clock;
        _measuredFromMicroseconds = measuredFromMicroseconds;
        _splitSlowClients = splitSlowClients;
        _sharedDeliveries = new DeliveryRecorder(soleWriter: false, splitSlowClients);
    }

    public RunClock Clock { get; }

    /// <summary>Messages scheduled from this run-clock time on are in the measured window (after the warm-up).</summary>
    public long MeasuredFromMicroseconds => _measuredFromMicroseconds;

    public int Connections => Volatile.Read(ref _connections);

    public int Established => Volatile.Read(ref _established);

    public long Delivered => Sum(static deliveries => deliveries.Delivered);

    public long DeliveredMeasured => Sum(static deliveries => deliveries.DeliveredMeasured);

    public long Bytes => Sum(static deliveries => deliveries.Bytes);

    public long BytesMeasured => Sum(static deliveries => deliveries.BytesMeasured);

    /// <summary>The reads that brought the clients bytes; a client that reads through other means (long-polling's HTTP client) counts none.</summary>
    public long Reads => Sum(static deliveries => deliveries.Reads);

    public long Errors => Interlocked.Read(ref _errors);

    public IReadOnlyDictionary<string, int> Failures => _failures;

    /// <summary>Clients that never connected (failed reconnects are counted under their reason, not here).</summary>
    public int FailedConnections => Volatile.Read(ref _failedConnections);

    /// <summary>Connections a client had and lost (a drop, a server restart, a cut stream), whether or not it got them back.</summary>
    public long Drops => Interlocked.Read(ref _drops);

    /// <summary>Attempts to get a lost connection back, successful or not.</summary>
    public long ReconnectAttempts => Interlocked.Read(ref _reconnectAttempts);

    /// <summary>Lost connections that were got back.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Resumes the server said it could not make complete (a gap notice).</summary>
    public long ResumeGaps => Interlocked.Read(ref _resumeGaps);

    /// <summary>Records one received message stamped with its scheduled send time; <paramref name="slowClient"/> when a slow client received it.</summary>
    public void RecordDelivery(long scheduledMicroseconds, int bytes, bool slowClient = false) => RecordDelivery(scheduledMicroseconds, bytes, slowClient, Clock.NowMicroseconds);

    /// <summary>As <see cref="RecordDelivery(long, int, bool)"/>, received at <paramref name="receivedMicroseconds"/>: one clock read serves every message of a read, as the floor's client does.</summary>
    public void RecordDelivery(long scheduledMicroseconds, int bytes, bool slowClient, long receivedMicroseconds)
    {
        var latency = Math.Clamp(receivedMicroseconds - scheduledMicroseconds, 0, HighestMicroseconds);
        var deliveries = t_apart is { } apart ? DeliveriesApart(apart) : _sharedDeliveries;
        deliveries.Record(latency, bytes, scheduledMicroseconds >= _measuredFromMicroseconds, slowClient);
    }

    /// <summary>A client read bytes off its connection: the messages per read are counted for the engine's cost per message.</summary>
    public void RecordRead()
    {
        // A read before the thread's first delivery of the run (a heartbeat during the ramp) is counted shared: setting up
        // the thread's own recorder then would put its histograms into the engine's memory per connection, which is
        // measured before the first publish.
        var deliveries = t_apart is { } apart && apart.Run == _id ? apart.Deliveries! : _sharedDeliveries;
        deliveries.CountRead();
    }

    /// <summary>
    /// From now on this thread records its deliveries apart from other threads', as their sole writer: for a thread that
    /// records most of them (a receive loop's), which then pays no interlocked operation per message.
    /// </summary>
    public static void RecordApartOnThisThread() => t_apart ??= new ThreadDeliveries();

    public void Connected(TimeSpan connectTime)
    {
        _connectTimes.RecordValue(Math.Clamp((long)(connectTime.Ticks / 10.0), 0, HighestMicroseconds));
        Interlocked.Increment(ref _connections);
        Interlocked.Increment(ref _established);
    }

    public void Disconnected() => Interlocked.Decrement(ref _connections);

    /// <summary>A connected client lost its connection and will try to get it back.</summary>
    public void Dropped() => Interlocked.Increment(ref _drops);

    public void ReconnectAttempted() => Interlocked.Increment(ref _reconnectAttempts);

    /// <summary>A client that lost its connection got it back after <paramref name="sinceDrop"/>: connected again, not a new client.</summary>
    public void Reconnected(TimeSpan sinceDrop)
    {
        _reconnectTimes.RecordValue(Math.Clamp((long)(sinceDrop.Ticks / 10.0), 0, HighestMicroseconds));
        Interlocked.Increment(ref _reconnects);
        Interlocked.Increment(ref _connections);
    }

    /// <summary>The server answered a resume with a gap notice: what it could not replay is lost, and the sequence tracking counts it.</summary>
    public void ResumeGap()
    {
        Interlocked.Increment(ref _resumeGaps);
        Interlocked.Increment(ref _errors);
    }

    /// <summary>A client's first connection attempt failed, by reason (<c>http 400</c>, <c>timeout</c>, <c>refused</c>...).</summary>
    public void ConnectFailed(string reason)
    {
        Interlocked.Increment(ref _failedConnections);
        CountFailure(reason);
    }

    /// <summary>A connected client lost its connection and could not get it back this time.</summary>
    public void ReconnectFailed(string reason) => CountFailure("reconnect: " + reason);

    private void CountFailure(string reason)
    {
        _failures.AddOrUpdate(reason, 1, static (_, count) => count + 1);
        Interlocked.Increment(ref _errors);
    }

    /// <summary>Any other error after connecting: a dropped stream, a failed publish, a resume gap.</summary>
    public void Error() => Interlocked.Increment(ref _errors);

    /// <summary>The latencies recorded since the previous call (for the per-second series); <paramref name="recycle"/> is the one it returned then.</summary>
    public HistogramBase TakeIntervalLatency(HistogramBase? recycle)
    {
        var total = recycle ?? Histograms.CreateTotal();
        total.Reset();
        foreach (var deliveries in AllDeliveries())
        {
            deliveries.AddIntervalTo(total);
        }

        return total;
    }

    /// <summary>All latencies of the measured window, once, at the end.</summary>
    public HistogramBase TakeMeasuredLatency()
    {
        var total = Histograms.CreateTotal();
        foreach (var deliveries in AllDeliveries())
        {
            deliveries.AddMeasuredTo(total);
        }

        return total;
    }

    public HistogramBase TakeConnectTimes() => _connectTimes.GetIntervalHistogram();

    /// <summary>From a drop to connected again, once, at the end.</summary>
    public HistogramBase TakeReconnectTimes() => _reconnectTimes.GetIntervalHistogram();

    /// <summary>The measured latencies of slow and of healthy clients, once, at the end; null unless they were kept apart.</summary>
    public (HistogramBase Slow, HistogramBase Healthy)? TakeSplitLatency()
    {
        if (!_splitSlowClients)
        {
            return null;
        }

        var (slow, healthy) = (Histograms.CreateTotal(), Histograms.CreateTotal());
        foreach (var deliveries in AllDeliveries())
        {
            deliveries.AddSplitTo(slow, healthy);
        }

        return (slow, healthy);
    }

    private DeliveryRecorder DeliveriesApart(ThreadDeliveries apart)
    {
        if (apart.Run != _id)
        {
            apart.Deliveries = _threadDeliveries.GetOrAdd(Environment.CurrentManagedThreadId, _ => new DeliveryRecorder(soleWriter: true, _splitSlowClients));
            apart.Run = _id;
        }

        return apart.Deliveries!;
    }

    private IEnumerable<DeliveryRecorder> AllDeliveries() => _threadDeliveries.Values.Prepend(_sharedDeliveries);

    private long Sum(Func<DeliveryRecorder, long> count)
    {
        var sum = count(_sharedDeliveries);
        foreach (var deliveries in _threadDeliveries.Values)
        {
            sum += count(deliveries);
        }

        return sum;
    }

    /// <summary>The run a thread that records apart last recorded into, and its deliveries there: one lookup per thread and run.</summary>
    private sealed class ThreadDeliveries
    {
        public long Run { get; set; }

        public DeliveryRecorder? Deliveries { get; set; }
    }
}
