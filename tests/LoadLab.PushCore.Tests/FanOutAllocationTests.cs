namespace LoadLab.PushCore.Tests;

/// <summary>
/// Allocation counts are deterministic, so the encode-once promise is tested directly: the cost of a
/// publish does not grow with the number of subscribers, and draining a queue allocates nothing.
/// </summary>
public sealed class FanOutAllocationTests
{
    [Fact]
    public void Publish_allocates_the_same_for_ten_or_a_thousand_subscribers()
    {
        var few = BytesAllocatedByOnePublish(subscriberCount: 10);
        var many = BytesAllocatedByOnePublish(subscriberCount: 1000);

        Assert.Equal(few, many);
    }

    [Fact]
    public async Task Dequeue_and_a_completed_wait_allocate_nothing()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var subscription = hub.Subscribe("t", Transport.WebSocket);
        var subscriber = subscription.Subscriber;
        Publish(hub, 2);
        Drain(subscriber);
        Publish(hub, 3);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ready = subscriber.WaitAsync();
        var drained = Drain(subscriber);
        var after = GC.GetAllocatedBytesForCurrentThread();

        Assert.True(ready.IsCompletedSuccessfully);
        Assert.True(await ready);
        Assert.Equal(3, drained);
        Assert.Equal(0, after - before);
    }

    private static long BytesAllocatedByOnePublish(int subscriberCount)
    {
        using var hub = new PushHub(new PushHubOptions());
        var subscriptions = Enumerable.Range(0, subscriberCount).Select(_ => hub.Subscribe("t", Transport.Sse)).ToList();

        // Warm up: every queue array has grown, the topic exists, the JIT has run.
        Publish(hub, 2);
        subscriptions.ForEach(s => Drain(s.Subscriber));

        var payload = new byte[128];
        var before = GC.GetAllocatedBytesForCurrentThread();
        hub.Publish("t", payload);
        var after = GC.GetAllocatedBytesForCurrentThread();

        Assert.All(subscriptions, s => Assert.Equal(1, s.Subscriber.QueueLength));
        subscriptions.ForEach(s => s.Dispose());
        return after - before;
    }

    private static void Publish(PushHub hub, int count)
    {
        for (var i = 0; i < count; i++)
        {
            hub.Publish("t", new byte[128]);
        }
    }

    private static int Drain(Subscriber subscriber)
    {
        var count = 0;
        while (subscriber.TryDequeue(out _))
        {
            count++;
        }

        return count;
    }
}
