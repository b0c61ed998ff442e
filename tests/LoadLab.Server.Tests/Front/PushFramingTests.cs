using System.Text;
using LoadLab.PushCore;
using LoadLab.Server.Front;

namespace LoadLab.Server.Tests.Front;

public sealed class PushFramingTests
{
    [Fact]
    public void An_sse_batch_is_one_http_chunk_of_every_event_and_the_end_is_the_last_chunk()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var subscription = hub.Subscribe("t", Transport.Sse);
        var first = hub.Publish("t", "one"u8.ToArray());
        var second = hub.Publish("t", new byte[300]);
        var batch = new SendBatch();
        var events = Encoding.UTF8.GetString(first.SseEvent.Span) + Encoding.UTF8.GetString(second.SseEvent.Span);

        SseFraming.Instance.Begin(batch);
        SseFraming.Instance.Add(batch, first);
        SseFraming.Instance.Add(batch, second);
        SseFraming.Instance.End(batch);
        var chunk = Encoding.UTF8.GetString(batch.Written);

        SseFraming.Instance.Begin(batch);
        SseFraming.Instance.End(batch);
        var empty = batch.Written.Length;
        SseFraming.Instance.AddClosing(batch, default, "");

        Assert.Equal($"{Encoding.UTF8.GetByteCount(events):X}\r\n{events}\r\n", chunk);
        Assert.Equal(0, empty);
        Assert.Equal("0\r\n\r\n", Encoding.UTF8.GetString(batch.Written));
    }

    [Fact]
    public void A_websocket_batch_is_whole_frames_and_grows_for_a_message_larger_than_its_buffer()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var subscription = hub.Subscribe("t", Transport.WebSocket);
        var small = hub.Publish("t", "hi"u8.ToArray());
        var large = hub.Publish("t", new byte[100_000]);
        var batch = new SendBatch(initialSize: 16);

        WebSocketFraming.Plain.Begin(batch);
        WebSocketFraming.Plain.Add(batch, small);
        WebSocketFraming.Plain.Add(batch, large);
        WebSocketFraming.Plain.End(batch);
        var written = batch.Written.ToArray();

        Assert.Equal(new byte[] { 0x81, 2, (byte)'h', (byte)'i' }, written[..4]);
        // 100,000 bytes of zeros are valid UTF-8: a text frame with a 64-bit length.
        Assert.Equal(new byte[] { 0x81, 127, 0, 0, 0, 0, 0, 1, 0x86, 0xA0 }, written[4..14]);
        Assert.Equal(4 + 10 + 100_000, written.Length);
    }
}
