using HdrHistogram;

namespace LoadLab.Engine.Measurement;

/// <summary>
/// The deliveries recorded by one set of writers: the latencies (per interval and over the measured window, and those
/// of slow and healthy clients apart when asked) and the counts. Either shared by any number of threads (interlocked
/// counts, histograms with thread-safe writes) or written by exactly one, a receive loop's thread, which then needs no
/// interlocked operation: at a million messages a second the shared recorder's were ≈ 12% of the engine's CPU (perf),
/// five interlocked operations and two contended-safe histogram writes per message. Each message is also recorded once,
/// not once for the interval and again for the measured window. Readers of either kind read it
/// safely: the histograms through HdrHistogram's writer-reader phaser, the counts as atomic 64-bit reads.
/// </summary>
internal sealed class DeliveryRecorder
{
    private readonly bool _soleWriter;

    // Each message is recorded once: into the warm-up's recorder or the measured window's (by its scheduled time). The
    // reader takes both every interval for the time series, and keeps adding the measured ones up for the result.
    private readonly Recorder _warmup;
    private readonly Recorder _measured;
    private readonly Recorder? _slow;
    private readonly Recorder? _healthy;
    private HistogramBase? _warmupTaken;
    private HistogramBase? _measuredTaken;
    private HistogramBase? _measuredSoFar;
    private long _warmupDelivered;
    private long _warmupBytes;
    private long _deliveredMeasured;
    private long _bytesMeasured;
    private long _reads;

    public DeliveryRecorder(bool soleWriter, bool splitSlowClients)
    {
        _soleWriter = soleWriter;
        (_warmup, _measured) = (Histograms.CreateRecorder(soleWriter), Histograms.CreateRecorder(soleWriter));
        if (splitSlowClients)
        {
            (_slow, _healthy) = (Histograms.CreateRecorder(soleWriter), Histograms.CreateRecorder(soleWriter));
        }
    }

    public long Delivered => Interlocked.Read(ref _warmupDelivered) + DeliveredMeasured;

    public long DeliveredMeasured => Interlocked.Read(ref _deliveredMeasured);

    public long Bytes => Interlocked.Read(ref _warmupBytes) + BytesMeasured;

    public long BytesMeasured => Interlocked.Read(ref _bytesMeasured);

    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>One read of a socket that brought a client bytes (whole messages or not).</summary>
    public void CountRead()
    {
        if (_soleWriter)
        {
            Volatile.Write(ref _reads, _reads + 1);
        }
        else
        {
            Interlocked.Increment(ref _reads);
        }
    }

    public void Record(long latencyMicroseconds, int bytes, bool measured, bool slowClient)
    {
        if (measured)
        {
            _measured.RecordValue(latencyMicroseconds);
            (slowClient ? _slow : _healthy)?.RecordValue(latencyMicroseconds);
            Count(ref _deliveredMeasured, ref _bytesMeasured, bytes);
        }
        else
        {
            _warmup.RecordValue(latencyMicroseconds);
            Count(ref _warmupDelivered, ref _warmupBytes, bytes);
        }
    }

    /// <summary>Adds the latencies recorded since the previous call to <paramref name="total"/>. One reader at a time.</summary>
    public void AddIntervalTo(HistogramBase total)
    {
        _warmupTaken = Take(_warmup, _warmupTaken);
        total.Add(_warmupTaken);
        total.Add(TakeMeasured());
    }

    /// <summary>Adds all of the measured window's latencies to <paramref name="total"/>, once, at the end.</summary>
    public void AddMeasuredTo(HistogramBase total)
    {
        TakeMeasured();
        total.Add(_measuredSoFar!);
    }

    /// <summary>Adds the slow and the healthy clients' measured latencies to theirs, once, at the end; only when they were kept apart.</summary>
    public void AddSplitTo(HistogramBase slow, HistogramBase healthy)
    {
        slow.Add(_slow!.GetIntervalHistogram());
        healthy.Add(_healthy!.GetIntervalHistogram());
    }

    private static HistogramBase Take(Recorder recorder, HistogramBase? recycled) =>
        recycled is null ? recorder.GetIntervalHistogram() : recorder.GetIntervalHistogram(recycled);

    /// <summary>The measured latencies since the last take, added to those of the window so far.</summary>
    private HistogramBase TakeMeasured()
    {
        _measuredTaken = Take(_measured, _measuredTaken);
        (_measuredSoFar ??= Histograms.CreateTotal()).Add(_measuredTaken);
        return _measuredTaken;
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
