using LoadLab.Tests.Redis;

namespace LoadLab.PushCore.Tests.Backplane;

/// <summary>Two hubs, as two instances of a push service would be, over one real Redis.</summary>
public sealed class RedisBackplaneTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    private readonly string _prefix = RedisProcess.UniquePrefix();

    [Fact]
    public async Task Publish_on_one_hub_reaches_the_subscribers_of_both_in_id_order_exactly_once()
    {
        using var a = await StartHubAsync();
        using var b = await StartHubAsync();
        using var onA = await a.SubscribeAsync("t", Transport.WebSocket);
        using var onB = await b.SubscribeAsync("t", Transport.Sse);

        for (var i = 1; i <= 50; i++)
        {
            Assert.Equal(i, await a.PublishAsync("t", Drain.Utf8($"m{i}")));
        }

        var expected = Enumerable.Range(1, 50).Select(i => ((long)i, $"m{i}")).ToList();
        Assert.Equal(expected, await ReceiveAsync(onA.Subscriber, 50));
        Assert.Equal(expected, await ReceiveAsync(onB.Subscriber, 50));
        Assert.Equal(0, onA.Subscriber.QueueLength + onB.Subscriber.QueueLength);
    }

    [Fact]
    public async Task Ids_are_global_and_gap_free_with_concurrent_publishers_on_both_hubs()
    {
        using var a = await StartHubAsync();
        using var b = await StartHubAsync();
        using var onA = await a.SubscribeAsync("c", Transport.Sse);
        using var onB = await b.SubscribeAsync("c", Transport.Sse);

        const int PerPublisher = 100;
        async Task<List<long>> PublishManyAsync(PushHub hub, string name)
        {
            var ids = new List<long>();
            for (var i = 0; i < PerPublisher; i++)
            {
                ids.Add(await hub.PublishAsync("c", Drain.Utf8($"{name}{i}")));
            }

            return ids;
        }

        var published = await Task.WhenAll(PublishManyAsync(a, "a"), PublishManyAsync(a, "a2"), PublishManyAsync(b, "b"), PublishManyAsync(b, "b2"));

        var all = published.SelectMany(ids => ids).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 4 * PerPublisher).Select(i => (long)i), all);
        var onAReceived = await ReceiveAsync(onA.Subscriber, 4 * PerPublisher);
        var onBReceived = await ReceiveAsync(onB.Subscriber, 4 * PerPublisher);
        Assert.Equal(all, onAReceived.Select(m => m.Id));
        Assert.Equal(onAReceived, onBReceived);
    }

    [Fact]
    public async Task Resume_on_the_other_hub_after_an_id_the_first_delivered_has_no_gap_and_no_duplicate()
    {
        using var a = await StartHubAsync();
        using var b = await StartHubAsync();
        using var onA = await a.SubscribeAsync("r", Transport.Sse);
        for (var i = 1; i <= 20; i++)
        {
            await a.PublishAsync("r", Drain.Utf8($"m{i}"));
        }

        var seenOnA = await ReceiveAsync(onA.Subscriber, 20);
        var lastSeen = seenOnA[11].Id;

        // B fans the topic out too (it holds 12..20 in its ring); C has never seen the topic and resumes from Redis.
        using var onB = await b.SubscribeAsync("r", Transport.Sse, resumeAfterId: lastSeen);
        using var c = await StartHubAsync();
        using var onC = await c.SubscribeAsync("r", Transport.Sse, resumeAfterId: lastSeen);
        await a.PublishAsync("r", Drain.Utf8("m21"));

        var expected = Enumerable.Range(13, 9).Select(i => ((long)i, $"m{i}")).ToList();
        foreach (var resumed in new[] { onB, onC })
        {
            Assert.Null(resumed.Gap);
            var replayed = resumed.Replay.Select(m => (m.Id, System.Text.Encoding.UTF8.GetString(m.Payload.Span))).ToList();
            var live = await ReceiveAsync(resumed.Subscriber, expected.Count - replayed.Count);
            Assert.Equal(expected, replayed.Concat(live));
        }
    }

    [Fact]
    public async Task Resume_after_an_id_Redis_has_trimmed_reports_the_gap_and_replays_what_is_held()
    {
        // A ring of 10 and a stream trimmed near 10 (MAXLEN ~ trims whole nodes, so it keeps up to about 100 more).
        using var a = await StartHubAsync(replaySize: 10, streamLength: 10);
        using var b = await StartHubAsync(replaySize: 10, streamLength: 10);
        for (var i = 1; i <= 400; i++)
        {
            await a.PublishAsync("g", Drain.Utf8($"m{i}"));
        }

        using var resumed = await b.SubscribeAsync("g", Transport.Sse, resumeAfterId: 1);

        Assert.NotNull(resumed.Gap);
        Assert.Equal(1, resumed.Gap.RequestedAfterId);
        var next = resumed.Gap.NextAvailableId;
        Assert.InRange(next, 3, 391);
        // The newest may still be on their way to B through the channel: they follow the replay live, not in it.
        var ids = resumed.Replay.Select(m => m.Id).ToList();
        while (ids.Count == 0 || ids[^1] < 400)
        {
            Assert.True(await Drain.WaitAsync(resumed.Subscriber), $"live delivery stopped after {(ids.Count > 0 ? ids[^1] : 0)}");
            ids.AddRange(Drain.Queued(resumed.Subscriber).Select(m => m.Id));
        }

        Assert.Equal(Enumerable.Range((int)next, 400 - (int)next + 1).Select(i => (long)i), ids);
        Assert.Equal(1, b.GetMetrics().ResumeGaps);
    }

    [Fact]
    public async Task Without_a_backplane_the_async_methods_are_the_in_process_hub()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var subscription = await hub.SubscribeAsync("n", Transport.Sse);
        Assert.Equal(1, await hub.PublishAsync("n", Drain.Utf8("x")));
        Assert.Equal([1L], Drain.Queued(subscription.Subscriber).Select(m => m.Id));
        Assert.Null(hub.GetBackplaneStatus());
    }

    [Fact]
    public async Task With_a_backplane_the_synchronous_publish_is_refused_rather_than_numbering_on_its_own()
    {
        using var hub = await StartHubAsync();
        Assert.Throws<InvalidOperationException>(() => hub.Publish("s", []));
        Assert.Equal(new BackplaneStatus("redis", true, null, 0, 0, 0), hub.GetBackplaneStatus());
    }

    private async Task<PushHub> StartHubAsync(int replaySize = 1024, int streamLength = 1024)
    {
        var hub = new PushHub(new PushHubOptions
        {
            ReplaySize = replaySize,
            QueueSize = 10_000,
            Backplane = BackplaneKind.Redis,
            Redis = new RedisBackplaneOptions { Configuration = fixture.Redis.Configuration, KeyPrefix = _prefix, StreamLength = streamLength },
        });
        await hub.StartAsync();
        return hub;
    }

    private static async Task<List<(long Id, string Data)>> ReceiveAsync(Subscriber subscriber, int count)
    {
        var received = new List<(long, string)>();
        while (received.Count < count)
        {
            Assert.True(await Drain.WaitAsync(subscriber), $"the subscriber closed after {received.Count} of {count} messages");
            received.AddRange(Drain.Queued(subscriber).Select(m => (m.Id, System.Text.Encoding.UTF8.GetString(m.Payload.Span))));
        }

        return received;
    }
}
