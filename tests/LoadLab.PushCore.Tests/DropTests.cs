namespace LoadLab.PushCore.Tests;

public sealed class DropTests
{
    [Fact]
    public void Drop_cuts_the_fraction_of_the_transports_subscribers_and_no_other()
    {
        using var hub = new PushHub(new PushHubOptions());
        var sockets = Enumerable.Range(0, 10).Select(i => hub.Subscribe($"t{i % 3}", Transport.WebSocket)).ToList();
        var streams = Enumerable.Range(0, 4).Select(_ => hub.Subscribe("t0", Transport.Sse)).ToList();

        var dropped = hub.Drop(Transport.WebSocket, 0.5);

        Assert.Equal(5, dropped);
        Assert.Equal(5, sockets.Count(s => s.Subscriber.CloseReason == SubscriberCloseReason.Dropped));
        Assert.All(streams, s => Assert.Equal(SubscriberCloseReason.None, s.Subscriber.CloseReason));
        var metrics = hub.GetMetrics();
        Assert.Equal(5, metrics.ByTransport[Transport.WebSocket].SubscribersDropped);
        Assert.Equal(5, metrics.ByTransport[Transport.WebSocket].Subscribers);
        Assert.Equal(0, metrics.ByTransport[Transport.Sse].SubscribersDropped);
    }

    [Fact]
    public async Task A_dropped_subscribers_reader_wakes_up_to_end_its_connection()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var subscription = hub.Subscribe("t", Transport.Sse);
        var waiting = subscription.Subscriber.WaitAsync().AsTask();

        Assert.Equal(1, hub.Drop(Transport.Sse, 1.0));

        Assert.False(await waiting.WaitAsync(Drain.Patience));
        Assert.Equal(0, hub.Drop(Transport.Sse, 1.0));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Drop_refuses_a_fraction_outside_0_to_1(double fraction)
    {
        using var hub = new PushHub(new PushHubOptions());
        Assert.Throws<ArgumentOutOfRangeException>(() => hub.Drop(Transport.WebSocket, fraction));
    }

    [Fact]
    public void Close_callbacks_run_in_the_order_they_were_registered()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var subscription = hub.Subscribe("t", Transport.WebSocket);
        var calls = new List<string>();
        subscription.Subscriber.OnClose(s => calls.Add((string)s!), "first");
        subscription.Subscriber.OnClose(s => calls.Add((string)s!), "second");

        hub.Drop(Transport.WebSocket, 1.0);
        subscription.Subscriber.OnClose(s => calls.Add((string)s!), "late");

        Assert.Equal(["first", "second", "late"], calls);
    }

    [Fact]
    public void Resume_with_an_id_of_another_instance_replays_everything_held_and_reports_the_gap()
    {
        using var hub = new PushHub(new PushHubOptions { ReplaySize = 10 });
        for (var i = 0; i < 5; i++)
        {
            hub.Publish("t", []);
        }

        // Id 3 of an earlier server process: this hub's own id 3 is another message.
        using var subscription = hub.Subscribe("t", Transport.WebSocket, resumeAfterId: 3, resumeInstanceId: "an-earlier-process");

        Assert.Equal(new ResumeGap(3, 1), subscription.Gap);
        Assert.Equal([1L, 2, 3, 4, 5], subscription.Replay.Select(m => m.Id));
    }

    [Fact]
    public void Resume_with_this_instances_id_is_exact()
    {
        using var hub = new PushHub(new PushHubOptions { ReplaySize = 10 });
        for (var i = 0; i < 5; i++)
        {
            hub.Publish("t", []);
        }

        using var subscription = hub.Subscribe("t", Transport.WebSocket, resumeAfterId: 3, resumeInstanceId: hub.InstanceId);

        Assert.Null(subscription.Gap);
        Assert.Equal([4L, 5], subscription.Replay.Select(m => m.Id));
    }
}
