using System.Net.Http.Headers;
using System.Net.WebSockets;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Publishing;

/// <summary>
/// The open-loop publisher: message k is scheduled at <c>start + k / rate</c>, round-robin over the
/// topics, and carries that scheduled time. A publish is never awaited before the next is sent, so
/// a slow server shows up as latency, not as a politer schedule (no coordinated omission). When the
/// publisher itself falls behind its schedule, it says by how much: the run is then saturated.
/// </summary>
internal sealed class Publisher(PublisherSpec spec, IReadOnlyList<PublishTopic> topics, HttpClient http, RunRecorder recorder)
{
    /// <summary>Lag beyond which the publisher counts as behind its schedule.</summary>
    private static readonly TimeSpan TolerableLag = TimeSpan.FromMilliseconds(50);

    private long _published;
    private long _maxLagMicroseconds;

    public IReadOnlyList<PublishTopic> Topics => topics;

    /// <summary>Publishes handed to the network.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>The worst lag behind the schedule seen at a wake-up.</summary>
    public TimeSpan MaxLag => TimeSpan.FromTicks(Interlocked.Read(ref _maxLagMicroseconds) * 10);

    public bool FellBehind => MaxLag > TolerableLag;

    /// <summary>Publishes from <paramref name="start"/> until <paramref name="end"/> (run-clock times); messages scheduled from <paramref name="measuredFrom"/> on are the measured window.</summary>
    public async Task RunAsync(TimeSpan start, TimeSpan end, TimeSpan measuredFrom, CancellationToken cancellationToken)
    {
        var clock = recorder.Clock;
        var interval = 1_000_000.0 / spec.Rate;
        var startMicroseconds = (long)(start.Ticks / 10.0);
        var endMicroseconds = (long)(end.Ticks / 10.0);
        var measuredMicroseconds = (long)(measuredFrom.Ticks / 10.0);
        await using var sockets = spec.Via == PublishVia.WebSocket ? await PublishSockets.OpenAsync(topics, recorder, cancellationToken).ConfigureAwait(false) : null;

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
                await Task.Delay(TimeSpan.FromTicks((scheduled - now) * 10), cancellationToken).ConfigureAwait(false);
                continue;
            }

            RecordLag(now - scheduled);
            var topic = topics[(int)(next % topics.Count)];
            var sequence = next / topics.Count + 1;
            if (scheduled >= measuredMicroseconds && topic.FirstMeasured == long.MaxValue)
            {
                topic.FirstMeasured = sequence;
            }

            var payload = PayloadStamp.Create(sequence, scheduled, spec.PayloadBytes);
            topic.Sent(sequence);
            Interlocked.Increment(ref _published);
            if (sockets is null)
            {
                _ = PostAsync(topic, sequence, payload);
            }
            else
            {
                sockets.Send(topic, sequence, payload);
            }

            next++;
        }
    }

    private async Task PostAsync(PublishTopic topic, long sequence, byte[] payload)
    {
        try
        {
            using var content = new ByteArrayContent(payload);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            using var response = await http.PostAsync(topic.PublishUri, content).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Fail(topic, sequence, recorder);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or WebSocketException)
        {
            Fail(topic, sequence, recorder);
        }
    }

    internal static void Fail(PublishTopic topic, long sequence, RunRecorder recorder)
    {
        topic.Failed(sequence);
        recorder.Error();
    }

    private void RecordLag(long lagMicroseconds)
    {
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
