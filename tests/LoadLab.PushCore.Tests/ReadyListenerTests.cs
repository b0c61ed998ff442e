namespace LoadLab.PushCore.Tests;

public sealed class ReadyListenerTests
{
    [Fact]
    public void A_listening_reader_is_told_once_per_batch_of_work_and_again_after_it_begins_reading()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var subscription = hub.Subscribe("t", Transport.WebSocket);
        var subscriber = subscription.Subscriber;
        var listener = new CountingListener();
        subscriber.ReadWith(listener);

        hub.Publish("t", [1]);
        hub.Publish("t", [2]);
        var toldForTwo = listener.Told;
        subscriber.BeginRead();
        Assert.True(subscriber.TryDequeue(out _));
        hub.Publish("t", [3]);
        var toldAfterBeginRead = listener.Told;

        Assert.Equal((1, 2), (toldForTwo, toldAfterBeginRead));
    }

    [Fact]
    public void Work_already_waiting_a_poke_and_the_close_are_told_too()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var subscription = hub.Subscribe("t", Transport.Sse);
        var subscriber = subscription.Subscriber;
        hub.Publish("t", [1]);
        var listener = new CountingListener();

        subscriber.ReadWith(listener);
        var toldAtOnce = listener.Told;
        subscriber.BeginRead();
        subscriber.Poke();
        var toldByPoke = listener.Told;
        subscriber.BeginRead();
        Assert.True(subscriber.TryDequeue(out _));
        subscriber.Poke();
        var notToldWhenEmpty = listener.Told;
        subscription.Dispose();

        Assert.Equal((1, 2, 2, 3), (toldAtOnce, toldByPoke, notToldWhenEmpty, listener.Told));
        Assert.Equal(SubscriberCloseReason.Unsubscribed, subscriber.CloseReason);
    }

    [Fact]
    public async Task A_subscriber_has_one_reader()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var listened = hub.Subscribe("t", Transport.Sse);
        using var awaited = hub.Subscribe("t", Transport.Sse);
        listened.Subscriber.ReadWith(new CountingListener());
        var waiting = awaited.Subscriber.WaitAsync().AsTask();

        Assert.Throws<InvalidOperationException>(() => listened.Subscriber.ReadWith(new CountingListener()));
        Assert.Throws<InvalidOperationException>(() => { _ = listened.Subscriber.WaitAsync().AsTask(); });
        Assert.Throws<InvalidOperationException>(() => awaited.Subscriber.ReadWith(new CountingListener()));
        hub.Publish("t", [1]);
        Assert.True(await waiting);
    }

    private sealed class CountingListener : ISubscriberReadyListener
    {
        public int Told { get; private set; }

        public void SubscriberReady(Subscriber subscriber) => Told++;
    }
}
