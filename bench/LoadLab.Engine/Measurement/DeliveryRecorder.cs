using HdrHistogram;

namespace LoadLab.Engine.Measurement;

/// <summary>
/// The deliveries recorded by one set of writers: the latencies (per interval and over the measured window, and those
/// of slow and healthy clients apart when asked) and the counts. Either shared by any number of threads (interlocked
/// counts, histograms with thread-safe writes) or written by exactly one, a receive loop's thread, which then needs no
/// interlocked operation: at a million messages a second the shared recorder's were ≈ 12% of the engine's CPU (perf),
/// five interlocked operations and two contended-safe histogram writes per message. Readers of either kind read it
/// safely: the histograms through HdrHistogram's writer-reader phaser, the counts as atomic 64-bit reads.
/// </summary>
internal sealed class DeliveryRecorder
{
    private readonly bool _soleWriter;
    private readonly Recorder _interval;
    private readonly Recorder _measured;
    private readonly Recorder? _slow;
    private readonly Recorder? _healthy;
    private HistogramBase? _intervalRecycled;
    private long _delivered;
    private long _deliveredMeasured;
    private long _bytes;
    private long _bytesMeasured;

    public DeliveryRecorder(bool soleWriter, bool splitSlowClients)
    {
        _soleWriter = soleWriter;
        (_interval, _measured) = (Histograms.CreateRecorder(soleWriter), Histograms.CreateRecorder(soleWriter));
        if (splitSlowClients)
        {
            (_slow, _healthy) = (Histograms.CreateRecorder(soleWriter), Histograms.CreateRecorder(soleWriter));
        }
    }

    public long Delivered => Interlocked.Read(ref _delivered);

    public long DeliveredMeasured => Interlocked.Read(ref _deliveredMeasured);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long BytesMeasured => Interlocked.Read(ref _bytesMeasured);

    public void Record(long latencyMicroseconds, int bytes, bool measured, bool slowClient)
    {
        _interval.RecordValue(latencyMicroseconds);
        Count(ref _delivered, ref _bytes, bytes);
        if (measured)
        {
            _measured.RecordValue(latencyMicroseconds);
            (slowClient ? _slow : _healthy)?.RecordValue(latencyMicroseconds);
            Count(ref _deliveredMeasured, ref _bytesMeasured, bytes);
        }
    }

    /// <summary>Adds the latencies recorded since the previous call to <paramref name="total"/>.</summary>
    public void AddIntervalTo(HistogramBase total)
    {
        _intervalRecycled = _intervalRecycled is null ? _interval.GetIntervalHistogram() : _interval.GetIntervalHistogram(_intervalRecycled);
        total.Add(_intervalRecycled);
    }

    /// <summary>Adds the measured window's latencies to <paramref name="total"/>, once, at the end.</summary>
    public void AddMeasuredTo(HistogramBase total) => total.Add(_measured.GetIntervalHistogram());

    /// <summary>Adds the slow and the healthy clients' measured latencies to theirs, once, at the end; only when they were kept apart.</summary>
    public void AddSplitTo(HistogramBase slow, HistogramBase healthy)
    {
        slow.Add(_slow!.GetIntervalHistogram());
        healthy.Add(_healthy!.GetIntervalHistogram());
    }

    private void Count(ref long messages, ref long bytesTotal, int bytes)
    {
        if (_soleWriter)
        {
            // One writer: a plain increment, stored whole (an aligned 64-bit store) for the readers.
            Volatile.Write(ref messages, messages + 1);
            Volatile.Write(ref bytesTotal, bytesTotal + bytes);
        }
        else
        {
            Interlocked.Increment(ref messages);
            Interlocked.Add(ref bytesTotal, bytes);
        }
    }
}
