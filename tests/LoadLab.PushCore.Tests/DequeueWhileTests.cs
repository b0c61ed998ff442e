namespace LoadLab.PushCore.Tests;

public sealed class DequeueWhileTests
{
    [Fact]
    public void A_reader_takes_the_oldest_first_until_it_is_full_and_the_rest_stays_queued_and_counted()
    {
        using var hub = new PushHub(new PushHubOptions { QueueSize = 8, Backpressure = BackpressurePolicy.DropOldest });
        using var subscription = hub.Subscribe("t", Transport.WebSocket);
        using var other = hub.Subscribe("t", Transport.Sse);

        // Eleven into a queue of eight: the ring wraps, and 1-3 are dropped for the newest.
        for (var i = 0; i < 11; i++)
        {
            hub.Publish("t", []);
        }

        var reader = new Collector(room: 5);
        Assert.Equal(5, subscription.Subscriber.DequeueWhile(ref reader));
        Assert.Equal([4L, 5, 6, 7, 8], reader.Taken.Select(message => message.Id));
        Assert.Equal(3 + 8, hub.GetMetrics().QueueDepth);

        reader = new Collector(room: 100);
        Assert.Equal(3, subscription.Subscriber.DequeueWhile(ref reader));
        Assert.Equal([9L, 10, 11], reader.Taken.Select(message => message.Id));
        Assert.Equal(0, subscription.Subscriber.QueueLength);
        Assert.Equal(8, hub.GetMetrics().QueueDepth);
    }

    [Fact]
    public void A_closed_subscriber_hands_over_nothing()
    {
        using var hub = new PushHub(new PushHubOptions());
        var subscription = hub.Subscribe("t", Transport.WebSocket);
        hub.Publish("t", []);
        subscription.Dispose();

        var reader = new Collector(room: 10);
        Assert.Equal(0, subscription.Subscriber.DequeueWhile(ref reader));
        Assert.Empty(reader.Taken);
        Assert.Equal(0, hub.GetMetrics().QueueDepth);
    }

    private readonly struct Collector(int room) : IMessageReader
    {
        public List<PushMessage> Taken { get; } = [];

        public bool WantsMore => Taken.Count < room;

        public void Take(PushMessage message) => Taken.Add(message);
    }
}
