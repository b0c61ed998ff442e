namespace LoadLab.PushCore.Tests;

public sealed class PushHubTests
{
    [Fact]
    public void Ids_start_at_1_and_count_per_topic()
    {
        using var hub = new PushHub(new PushHubOptions());
        Assert.Equal(1, hub.Publish("a", []).Id);
        Assert.Equal(2, hub.Publish("a", []).Id);
        Assert.Equal(1, hub.Publish("b", []).Id);
    }

    [Fact]
    public void Each_subscriber_gets_every_message_once_in_id_order()
    {
        using var hub = new PushHub(new PushHubOptions { QueueSize = 100 });
        using var first = hub.Subscribe("t", Transport.WebSocket);
        using var second = hub.Subscribe("t", Transport.Sse);

        for (var i = 0; i < 100; i++)
        {
            hub.Publish("t", Drain.Utf8($"m{i}"));
        }

        foreach (var subscription in new[] { first, second })
        {
            var ids = Drain.Queued(subscription.Subscriber).Select(m => m.Id);
            Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), ids);
        }

        Assert.Equal(0, hub.GetMetrics().ByTransport[Transport.Sse].Dropped);
    }

    [Fact]
    public void Every_subscriber_is_handed_the_same_message_instance()
    {
        using var hub = new PushHub(new PushHubOptions());
        var subscriptions = Enumerable.Range(0, 5).Select(i => hub.Subscribe("t", (Transport)(i % 3))).ToList();

        var published = hub.Publish("t", Drain.Utf8("shared"));

        Assert.All(subscriptions, s => Assert.Same(published, Drain.Queued(s.Subscriber).Single()));
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public void Subscribers_of_other_topics_get_nothing()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var other = hub.Subscribe("other", Transport.Sse);
        hub.Publish("t", []);
        Assert.Equal(0, other.Subscriber.QueueLength);
    }

    [Fact]
    public void Subscribing_without_resume_gets_only_messages_published_afterwards()
    {
        using var hub = new PushHub(new PushHubOptions());
        hub.Publish("t", []);
        using var subscription = hub.Subscribe("t", Transport.Sse);
        hub.Publish("t", []);

        Assert.Empty(subscription.Replay);
        Assert.Null(subscription.Gap);
        Assert.Equal(2, Drain.Queued(subscription.Subscriber).Single().Id);
    }

    [Fact]
    public async Task Close_all_for_shutdown_wakes_waiting_readers_with_false_and_refuses_new_subscribers()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var subscription = hub.Subscribe("t", Transport.WebSocket);
        var waiting = subscription.Subscriber.WaitAsync();
        Assert.False(waiting.IsCompleted);

        hub.CloseAll(SubscriberCloseReason.ServerShutdown);

        Assert.False(await waiting.AsTask().WaitAsync(Drain.Patience));
        Assert.Equal(SubscriberCloseReason.ServerShutdown, subscription.Subscriber.CloseReason);
        using var late = hub.Subscribe("t", Transport.Sse);
        Assert.Equal(SubscriberCloseReason.ServerShutdown, late.Subscriber.CloseReason);
        Assert.False(await late.Subscriber.WaitAsync());
        Assert.Equal(0, hub.GetMetrics().ByTransport[Transport.Sse].Subscribers);
    }

    [Fact]
    public void Disposing_a_subscription_leaves_the_topic()
    {
        using var hub = new PushHub(new PushHubOptions());
        var subscription = hub.Subscribe("t", Transport.LongPoll);
        Assert.Equal(1, hub.GetMetrics().ByTransport[Transport.LongPoll].Subscribers);

        subscription.Dispose();
        subscription.Dispose();

        Assert.Equal(0, hub.GetMetrics().ByTransport[Transport.LongPoll].Subscribers);
        Assert.Equal(SubscriberCloseReason.Unsubscribed, subscription.Subscriber.CloseReason);
        hub.Publish("t", []);
        Assert.Equal(0, hub.GetMetrics().QueueDepth);
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PushHub(new PushHubOptions { QueueSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PushHub(new PushHubOptions { ReplaySize = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PushHub(new PushHubOptions { Backpressure = (BackpressurePolicy)7 }));
        using var hub = new PushHub(new PushHubOptions());
        Assert.Throws<ArgumentOutOfRangeException>(() => hub.Subscribe("t", Transport.Sse, resumeAfterId: -1));
        Assert.Throws<ArgumentException>(() => hub.Publish("", []));
    }
}
