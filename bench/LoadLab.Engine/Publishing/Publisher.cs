using System.Net.Http.Headers;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Scenarios;
using LoadLab.Engine.Sharding;

namespace LoadLab.Engine.Publishing;

/// <summary>
/// The open-loop publisher: message k is scheduled at <c>start + k / rate</c>, round-robin over the
/// topics, and carries that scheduled time. The schedule never waits for a publish: messages go to
/// per-topic ordered senders (<see cref="TopicSenders"/>), so a slow server shows up as latency, not as a
/// politer schedule (no coordinated omission). When the schedule loop itself falls behind (the engine is
/// short of CPU), the publisher says by how much: the run is then saturated. A shard of a sharded run walks the
/// whole schedule but sends only its <see cref="PublishShare"/>; the rest it marks as sent by another shard, so its
/// subscribers know what they are owed.
/// </summary>
internal sealed class Publisher(PublisherSpec spec, IReadOnlyList<PublishTopic> topics, HttpClient http, RunRecorder recorder, PublishShare share)
{
    /// <summary>Lag beyond which a message counts as late.</summary>
    private const long TolerableLagMicroseconds = 50_000;

    /// <summary>Share of late messages beyond which the publisher counts as behind its schedule: one GC pause is not saturation.</summary>
    private const double TolerableLateShare = 0.01;

    private long _published;
    private long _late;
    private long _maxLagMicroseconds;

    /// <summary>Messages scheduled and queued for sending.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>The worst lag of the schedule loop behind a message's scheduled time.</summary>
    public TimeSpan MaxLag => TimeSpan.FromTicks(Interlocked.Read(ref _maxLagMicroseconds) * 10);

    /// <summary>Messages whose schedule loop ran more than 50 ms late.</summary>
    public long Late => Interlocked.Read(ref _late);

    public bool FellBehind => Late > Published * TolerableLateShare;

    /// <summary>Publishes from <paramref name="start"/> until <paramref name="end"/> (run-clock times); messages scheduled from <paramref name="measuredFrom"/> on are the measured window.</summary>
    public async Task RunAsync(TimeSpan start, TimeSpan end, TimeSpan measuredFrom, CancellationToken cancellationToken)
    {
        var clock = recorder.Clock;
        var interval = 1_000_000.0 / spec.Rate;
        var startMicroseconds = (long)(start.Ticks / 10.0);
        var endMicroseconds = (long)(end.Ticks / 10.0);
        var measuredMicroseconds = (long)(measuredFrom.Ticks / 10.0);
        await using var sockets = spec.Via == PublishVia.WebSocket && share.SendsAny ? await PublishSockets.OpenAsync(topics, cancellationToken).ConfigureAwait(false) : null;
        await using var senders = new TopicSenders(topics, sockets is null ? PostAsync : sockets.SendAsync, recorder, cancellationToken);

        var next = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            var scheduled = startMicroseconds + (long)(next * interval);
            if (scheduled >= endMicroseconds)
            {
                break;
            }

            var now = clock.NowMicroseconds;
            if (scheduled > now)
            {
                await ScheduleWait.ForAsync(scheduled - now, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var topic = topics[(int)(next % topics.Count)];
            var sequence = next / topics.Count + 1;
            if (scheduled >= measuredMicroseconds && topic.FirstMeasured == long.MaxValue)
            {
                topic.FirstMeasured = sequence;
            }

            if (share.Sends(next))
            {
                // Lag of the schedule itself: the engine's own timeliness (a slow server delays the senders instead, which is latency).
                RecordLag(now - scheduled);
                senders.Enqueue(topic, sequence, PayloadStamp.Create(sequence, scheduled, spec.PayloadBytes));
                Interlocked.Increment(ref _published);
            }
            else
            {
                topic.Sent(sequence);
            }

            next++;
        }
    }

    private async Task<bool> PostAsync(PublishTopic topic, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(payload);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            using var response = await http.PostAsync(topic.PublishUri, content, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private void RecordLag(long lagMicroseconds)
    {
        if (lagMicroseconds > TolerableLagMicroseconds)
        {
            Interlocked.Increment(ref _late);
        }

        long seen;
        while (lagMicroseconds > (seen = Interlocked.Read(ref _maxLagMicroseconds)))
        {
            if (Interlocked.CompareExchange(ref _maxLagMicroseconds, lagMicroseconds, seen) == seen)
            {
                break;
            }
        }
    }
}
