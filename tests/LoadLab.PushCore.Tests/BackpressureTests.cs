namespace LoadLab.PushCore.Tests;

public sealed class BackpressureTests
{
    [Fact]
    public void Queue_holds_exactly_its_size_without_loss()
    {
        using var hub = new PushHub(new PushHubOptions { QueueSize = 50, Backpressure = BackpressurePolicy.Disconnect });
        using var subscription = hub.Subscribe("t", Transport.WebSocket);

        for (var i = 0; i < 50; i++)
        {
            hub.Publish("t", []);
        }

        Assert.Equal(SubscriberCloseReason.None, subscription.Subscriber.CloseReason);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), Drain.Queued(subscription.Subscriber).Select(m => m.Id));
    }

    [Fact]
    public void DropOldest_keeps_the_newest_messages_and_counts_the_dropped()
    {
        using var hub = new PushHub(new PushHubOptions { QueueSize = 4, Backpressure = BackpressurePolicy.DropOldest });
        using var slow = hub.Subscribe("t", Transport.Sse);

        for (var i = 0; i < 10; i++)
        {
            hub.Publish("t", []);
        }

        Assert.Equal([7L, 8, 9, 10], Drain.Queued(slow.Subscriber).Select(m => m.Id));
        var metrics = hub.GetMetrics();
        Assert.Equal(6, metrics.ByTransport[Transport.Sse].Dropped);
        Assert.Equal(0, metrics.QueueDepth);
        Assert.Equal(SubscriberCloseReason.None, slow.Subscriber.CloseReason);
    }

    [Fact]
    public async Task Disconnect_closes_the_slow_consumer_counts_it_and_the_others_get_everything()
    {
        using var hub = new PushHub(new PushHubOptions { QueueSize = 3, Backpressure = BackpressurePolicy.Disconnect });
        using var slow = hub.Subscribe("t", Transport.WebSocket);
        using var fast = hub.Subscribe("t", Transport.WebSocket);
        var received = new List<long>();

        for (var i = 0; i < 10; i++)
        {
            hub.Publish("t", []);
            received.AddRange(Drain.Queued(fast.Subscriber).Select(m => m.Id));
        }

        Assert.Equal(SubscriberCloseReason.SlowConsumer, slow.Subscriber.CloseReason);
        Assert.False(await slow.Subscriber.WaitAsync());
        Assert.False(slow.Subscriber.TryDequeue(out _));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), received);

        var metrics = hub.GetMetrics();
        Assert.Equal(1, metrics.ByTransport[Transport.WebSocket].SlowConsumersDisconnected);
        Assert.Equal(1, metrics.ByTransport[Transport.WebSocket].Subscribers);
        Assert.Equal(0, metrics.QueueDepth);
    }

    [Fact]
    public void Close_callback_runs_when_the_core_disconnects_a_slow_consumer()
    {
        using var hub = new PushHub(new PushHubOptions { QueueSize = 1 });
        using var slow = hub.Subscribe("t", Transport.Sse);
        SubscriberCloseReason? seen = null;
        slow.Subscriber.OnClose(s => seen = ((Subscriber)s!).CloseReason, slow.Subscriber);

        hub.Publish("t", []);
        Assert.Null(seen);
        hub.Publish("t", []);

        Assert.Equal(SubscriberCloseReason.SlowConsumer, seen);
    }

    [Fact]
    public void Close_callback_registered_after_the_close_runs_at_once()
    {
        using var hub = new PushHub(new PushHubOptions());
        var subscription = hub.Subscribe("t", Transport.Sse);
        subscription.Dispose();

        var ran = false;
        subscription.Subscriber.OnClose(_ => ran = true, null);

        Assert.True(ran);
    }
}
