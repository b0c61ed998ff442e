using System.Text;
using LoadLab.Engine.Clients;

namespace LoadLab.Engine.Tests.Clients;

public sealed class WebSocketFramesTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(70_000)]
    public void A_client_frame_reads_back_with_its_payload_unmasked(int size)
    {
        var payload = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
        var frame = new byte[size + WebSocketFrames.MaxClientHeader];

        var length = WebSocketFrames.WriteClientFrame(frame, WebSocketFrames.Binary, payload, mask: 0xA1B2C3D4);

        Assert.NotEqual(payload, frame.AsSpan(length - size, size).ToArray());
        Assert.True(WebSocketFrames.TryRead(frame.AsSpan(0, length), out var final, out var opcode, out var range, out var frameLength));
        Assert.Equal((true, WebSocketFrames.Binary, length), (final, opcode, frameLength));
        Assert.Equal(payload, frame.AsSpan(0, length)[range].ToArray());
    }

    [Fact]
    public void Every_frame_of_a_read_is_found_and_a_cut_frame_waits_for_the_rest()
    {
        byte[] read = [.. Server("one"), .. Server("two"), .. Server("three")[..4]];

        var frames = new List<string>();
        var offset = 0;
        while (WebSocketFrames.TryRead(read.AsSpan(offset), out _, out _, out var range, out var frameLength))
        {
            frames.Add(Encoding.UTF8.GetString(read.AsSpan(offset, frameLength)[range]));
            offset += frameLength;
        }

        Assert.Equal(["one", "two"], frames);
        Assert.Equal(4, read.Length - offset);
    }

    [Fact]
    public void Extended_lengths_that_are_not_all_there_yet_are_incomplete()
    {
        Assert.False(WebSocketFrames.TryRead([0x81, 126, 0x01], out _, out _, out _, out _));
        Assert.False(WebSocketFrames.TryRead([0x82, 127, 0, 0, 0, 0], out _, out _, out _, out _));
        Assert.False(WebSocketFrames.TryRead([0x81], out _, out _, out _, out _));
    }

    /// <summary>An unmasked text frame, as a server sends it.</summary>
    private static byte[] Server(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        return [0x80 | WebSocketFrames.Text, (byte)payload.Length, .. payload];
    }
}
