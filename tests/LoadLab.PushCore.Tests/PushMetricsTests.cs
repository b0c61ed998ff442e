using System.Diagnostics.Metrics;

namespace LoadLab.PushCore.Tests;

public sealed class PushMetricsTests
{
    [Fact]
    public void Counters_are_published_as_observable_instruments_tagged_by_transport()
    {
        using var hub = new PushHub(new PushHubOptions { QueueSize = 10 });
        using var ws = hub.Subscribe("t", Transport.WebSocket);
        using var sse = hub.Subscribe("t", Transport.Sse);
        hub.Publish("t", []);
        hub.Publish("t", []);
        Drain.Queued(ws.Subscriber);
        ws.Subscriber.ReportDelivered(2);

        var measured = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, hub.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var transport = tags.ToArray().Where(t => t.Key == "transport").Select(t => (string?)t.Value).SingleOrDefault();
            measured[transport is null ? instrument.Name : $"{instrument.Name}[{transport}]"] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(PushHub.MeterName, hub.Meter.Name);
        Assert.Equal(2, measured["loadlab.push.published"]);
        Assert.Equal(1, measured["loadlab.push.subscribers[ws]"]);
        Assert.Equal(1, measured["loadlab.push.subscribers[sse]"]);
        Assert.Equal(0, measured["loadlab.push.subscribers[longpoll]"]);
        Assert.Equal(2, measured["loadlab.push.delivered[ws]"]);
        Assert.Equal(0, measured["loadlab.push.delivered[sse]"]);
        Assert.Equal(2, measured["loadlab.push.queue_depth"]);
        Assert.Equal(0, measured["loadlab.push.dropped[sse]"]);
        Assert.Equal(0, measured["loadlab.push.slow_consumers_disconnected[ws]"]);
        Assert.Equal(0, measured["loadlab.push.resume_gaps"]);
    }

    [Fact]
    public void Queue_depth_follows_enqueue_dequeue_and_close()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var first = hub.Subscribe("t", Transport.Sse);
        var second = hub.Subscribe("t", Transport.Sse);
        hub.Publish("t", []);
        hub.Publish("t", []);
        Assert.Equal(4, hub.GetMetrics().QueueDepth);

        first.Subscriber.TryDequeue(out _);
        Assert.Equal(3, hub.GetMetrics().QueueDepth);

        second.Dispose();
        Assert.Equal(1, hub.GetMetrics().QueueDepth);
    }
}
