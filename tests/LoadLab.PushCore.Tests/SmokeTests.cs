using LoadLab.PushCore;

namespace LoadLab.PushCore.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task Published_message_reaches_subscriber()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var subscription = hub.Subscribe("t", Transport.Sse);
        hub.Publish("t", "hello"u8.ToArray());
        Assert.True(await subscription.Subscriber.WaitAsync());
        Assert.True(subscription.Subscriber.TryDequeue(out var message));
        Assert.Equal(1, message.Id);
        Assert.Equal("id: 1\ndata: hello\n\n", System.Text.Encoding.UTF8.GetString(message.SseEvent.Span));
    }
}
