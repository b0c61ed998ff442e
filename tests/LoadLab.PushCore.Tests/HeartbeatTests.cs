namespace LoadLab.PushCore.Tests;

public sealed class HeartbeatTests
{
    [Fact]
    public async Task Idle_subscriber_is_woken_with_a_heartbeat_request()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var idle = hub.Subscribe("t", Transport.Sse);
        var waiting = idle.Subscriber.WaitAsync();

        hub.RequestHeartbeats(Transport.Sse);

        Assert.True(await waiting.AsTask().WaitAsync(Drain.Patience));
        Assert.True(idle.Subscriber.TakeHeartbeat());
        Assert.False(idle.Subscriber.TakeHeartbeat());
    }

    [Fact]
    public void Subscriber_that_received_since_the_previous_tick_gets_no_heartbeat()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var busy = hub.Subscribe("t", Transport.Sse);
        hub.Publish("t", []);
        Drain.Queued(busy.Subscriber);

        hub.RequestHeartbeats(Transport.Sse);
        Assert.False(busy.Subscriber.TakeHeartbeat());

        hub.RequestHeartbeats(Transport.Sse);
        Assert.True(busy.Subscriber.TakeHeartbeat());
    }

    [Fact]
    public void Heartbeats_go_only_to_the_asked_transport()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var webSocket = hub.Subscribe("t", Transport.WebSocket);
        hub.RequestHeartbeats(Transport.Sse);
        Assert.False(webSocket.Subscriber.TakeHeartbeat());
    }
}
