namespace LoadLab.PushCore.Tests;

public sealed class ConcurrencyTests
{
    private const int PublishersPerTopic = 2;
    private const int MessagesPerPublisher = 2_000;
    private const int SubscribersPerTopic = 100;
    private static readonly string[] Topics = ["alpha", "beta"];

    [Fact]
    public async Task Concurrent_publishers_and_readers_deliver_every_message_once_in_order()
    {
        const int perTopic = PublishersPerTopic * MessagesPerPublisher;
        using var hub = new PushHub(new PushHubOptions { QueueSize = perTopic, Backpressure = BackpressurePolicy.Disconnect });
        var subscriptions = Topics.SelectMany(topic => Enumerable.Range(0, SubscribersPerTopic)
            .Select(i => hub.Subscribe(topic, TransportNames.All[i % 3]))).ToList();

        var readers = subscriptions.Select(s => ReadAsync(s.Subscriber, perTopic)).ToList();
        var publishers = Topics.SelectMany(topic => Enumerable.Range(0, PublishersPerTopic)
            .Select(p => Task.Run(() => Publish(hub, topic, p)))).ToList();

        await Task.WhenAll(publishers).WaitAsync(Drain.Patience);
        var received = await Task.WhenAll(readers).WaitAsync(Drain.Patience);

        foreach (var (subscription, messages) in subscriptions.Zip(received))
        {
            Assert.Equal(Enumerable.Range(1, perTopic).Select(i => (long)i), messages.Select(m => m.Id));
            Assert.All(messages, m => Assert.Equal(subscription.Subscriber.Topic, m.Topic));

            // Each publisher's own messages keep the order it published them in.
            for (var p = 0; p < PublishersPerTopic; p++)
            {
                var own = messages.Select(m => System.Text.Encoding.UTF8.GetString(m.Payload.Span).Split(':'))
                    .Where(parts => parts[0] == p.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Select(parts => int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(Enumerable.Range(0, MessagesPerPublisher), own);
            }
        }

        var metrics = hub.GetMetrics();
        Assert.Equal(Topics.Length * perTopic, metrics.Published);
        Assert.Equal(0, metrics.QueueDepth);
        Assert.Equal(subscriptions.Count * (long)perTopic, metrics.ByTransport.Values.Sum(t => t.Delivered));
        Assert.All(metrics.ByTransport.Values, t => Assert.Equal(0, t.Dropped + t.SlowConsumersDisconnected));
        subscriptions.ForEach(s => s.Dispose());
    }

    private static void Publish(PushHub hub, string topic, int publisher)
    {
        for (var i = 0; i < MessagesPerPublisher; i++)
        {
            hub.Publish(topic, Drain.Utf8($"{publisher}:{i}"));
        }
    }

    private static async Task<List<PushMessage>> ReadAsync(Subscriber subscriber, int expected)
    {
        await Task.Yield();
        var messages = new List<PushMessage>(expected);
        while (messages.Count < expected && await subscriber.WaitAsync())
        {
            var batch = 0;
            while (subscriber.TryDequeue(out var message))
            {
                messages.Add(message);
                batch++;
            }

            subscriber.ReportDelivered(batch);
        }

        return messages;
    }
}
