using System.Net.WebSockets;
using System.Text;
using LoadLab.Server.Endpoints.WebSockets;

namespace LoadLab.Server.Tests.Endpoints.WebSockets;

public sealed class ClientFrameReaderTests
{
    public static TheoryData<int> ChunkSizes => [1, 2, 3, 7, 100_000];

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Messages_are_read_whatever_pieces_the_socket_delivers(int chunkSize)
    {
        var big = Encoding.UTF8.GetBytes(new string('é', 40_000));
        byte[] stream =
        [
            .. ClientFrames.Masked(0x1, "hello"u8),
            .. ClientFrames.Masked(0x2, [1, 2, 3], final: false),
            .. ClientFrames.Masked(0x9, "are you there"u8),
            .. ClientFrames.Masked(0x0, [4, 5]),
            .. ClientFrames.Masked(0x1, big),
            .. ClientFrames.Masked(0x1, []),
            .. ClientFrames.Close(1000),
        ];

        var frames = ReadAll(new ClientFrameReader(100_000), stream, chunkSize);

        Assert.Collection(
            frames,
            f => Assert.Equal((ClientFrameKind.Text, "hello"), (f.Kind, Encoding.UTF8.GetString(f.Payload!))),
            f => Assert.Equal((ClientFrameKind.Ping, "are you there"), (f.Kind, Encoding.UTF8.GetString(f.Payload!))),
            f => Assert.Equal((ClientFrameKind.Binary, "1,2,3,4,5"), (f.Kind, string.Join(',', f.Payload!))),
            f => Assert.Equal(big, f.Payload),
            f => Assert.Equal((ClientFrameKind.Text, 0), (f.Kind, f.Payload!.Length)),
            f => Assert.Equal((ClientFrameKind.Close, WebSocketCloseStatus.NormalClosure, false), (f.Kind, f.CloseStatus, f.IsViolation)));
    }

    public static TheoryData<string, byte[], WebSocketCloseStatus> Violations => new()
    {
        { "unmasked", ClientFrames.Masked(0x1, "x"u8, masked: false), WebSocketCloseStatus.ProtocolError },
        { "reserved bit", ClientFrames.Masked(0x1, "x"u8, reservedBits: 0x40), WebSocketCloseStatus.ProtocolError },
        { "unknown opcode", ClientFrames.Masked(0x3, "x"u8), WebSocketCloseStatus.ProtocolError },
        { "fragmented ping", ClientFrames.Masked(0x9, "x"u8, final: false), WebSocketCloseStatus.ProtocolError },
        { "stray continuation", ClientFrames.Masked(0x0, "x"u8), WebSocketCloseStatus.ProtocolError },
        { "message inside a message", [.. ClientFrames.Masked(0x1, "a"u8, final: false), .. ClientFrames.Masked(0x1, "b"u8)], WebSocketCloseStatus.ProtocolError },
        { "invalid UTF-8 text", ClientFrames.Masked(0x1, [0xC3, 0x28]), WebSocketCloseStatus.InvalidPayloadData },
        { "invalid UTF-8 split over fragments", [.. ClientFrames.Masked(0x1, [0xE2, 0x82], final: false), .. ClientFrames.Masked(0x0, [0x41])], WebSocketCloseStatus.InvalidPayloadData },
        { "over the size limit", ClientFrames.Masked(0x2, new byte[65]), WebSocketCloseStatus.MessageTooBig },
        { "over the limit in fragments", [.. ClientFrames.Masked(0x2, new byte[40], final: false), .. ClientFrames.Masked(0x0, new byte[40])], WebSocketCloseStatus.MessageTooBig },
        { "close code 1005 on the wire", ClientFrames.Close(1005), WebSocketCloseStatus.ProtocolError },
        { "close with one byte", ClientFrames.Masked(0x8, [3]), WebSocketCloseStatus.ProtocolError },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void A_protocol_violation_becomes_the_close_status_the_RFC_names(string what, byte[] stream, WebSocketCloseStatus expected)
    {
        var frames = ReadAll(new ClientFrameReader(64), stream, chunkSize: 1);

        var close = Assert.Single(frames);
        Assert.True(close.IsViolation, what);
        Assert.Equal((ClientFrameKind.Close, expected), (close.Kind, close.CloseStatus));
    }

    [Fact]
    public void An_oversized_message_is_refused_from_its_header_before_any_payload_arrives()
    {
        var header = ClientFrames.Masked(0x2, new byte[1_000_000])[..14];

        var frames = ReadAll(new ClientFrameReader(64 * 1024), header, chunkSize: 14);

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, Assert.Single(frames).CloseStatus);
    }

    [Fact]
    public void It_says_whether_a_frame_is_still_arriving_so_an_idle_connection_can_wait_without_a_pooled_buffer()
    {
        var reader = new ClientFrameReader(1024);
        var frame = ClientFrames.Masked(0x1, "hello"u8, final: false);
        var rest = ClientFrames.Masked(0x0, "!"u8);

        var idle = reader.IsMidFrame;
        ReadOnlySpan<byte> first = frame.AsSpan(0, 3);
        reader.Read(ref first);
        var partHeader = reader.IsMidFrame;
        ReadOnlySpan<byte> second = frame.AsSpan(3);
        reader.Read(ref second);
        var betweenFragments = reader.IsMidFrame;
        ReadOnlySpan<byte> last = rest;
        var message = reader.Read(ref last);

        Assert.Equal((false, true, true), (idle, partHeader, betweenFragments));
        Assert.Equal("hello!", System.Text.Encoding.UTF8.GetString(message.Payload!));
        Assert.False(reader.IsMidFrame);
    }

    /// <summary>Feeds <paramref name="stream"/> in pieces of <paramref name="chunkSize"/> and collects events up to the first close.</summary>
    private static List<ClientFrame> ReadAll(ClientFrameReader reader, byte[] stream, int chunkSize)
    {
        var frames = new List<ClientFrame>();
        for (var offset = 0; offset < stream.Length; offset += chunkSize)
        {
            ReadOnlySpan<byte> chunk = stream.AsSpan(offset, Math.Min(chunkSize, stream.Length - offset));
            while (!chunk.IsEmpty)
            {
                var frame = reader.Read(ref chunk);
                if (frame.Kind == ClientFrameKind.None)
                {
                    continue;
                }

                frames.Add(frame);
                if (frame.Kind == ClientFrameKind.Close)
                {
                    return frames;
                }
            }
        }

        return frames;
    }
}
