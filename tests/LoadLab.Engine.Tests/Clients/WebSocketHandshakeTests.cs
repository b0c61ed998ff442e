using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using LoadLab.Engine.Clients;

namespace LoadLab.Engine.Tests.Clients;

public sealed class WebSocketHandshakeTests
{
    private static readonly Uri Target = new("ws://127.0.0.1:5000/ws?topic=t1");

    [Fact]
    public async Task The_request_carries_a_fresh_key_and_the_extra_headers_and_the_right_accept_is_taken()
    {
        var server = new AnsweringStream(key => $"HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: {Accept(key)}\r\nsec-websocket-protocol: loadlab.v1\r\n\r\n\x81\x00");

        var (early, head) = await WebSocketHandshake.UpgradeAsync(server, Target, "Sec-WebSocket-Protocol: loadlab.v1\r\n", CancellationToken.None);

        Assert.StartsWith("GET /ws?topic=t1 HTTP/1.1\r\nHost: 127.0.0.1:5000\r\n", server.Request, StringComparison.Ordinal);
        Assert.Contains("\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: loadlab.v1\r\n\r\n", server.Request, StringComparison.Ordinal);
        Assert.Equal(16, Convert.FromBase64String(server.Key).Length);
        Assert.Equal("loadlab.v1", head.Header("Sec-WebSocket-Protocol"));
        Assert.Equal([0x81, 0x00], early.ToArray());

        var again = new AnsweringStream(key => $"HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: {Accept(key)}\r\n\r\n");
        await WebSocketHandshake.UpgradeAsync(again, Target, "", CancellationToken.None);
        Assert.NotEqual(server.Key, again.Key);
    }

    [Theory]
    [InlineData("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")]
    [InlineData("")]
    public async Task A_missing_or_wrong_accept_is_refused(string acceptLine)
    {
        var server = new AnsweringStream(_ => $"HTTP/1.1 101 Switching Protocols\r\n{acceptLine}\r\n");

        var error = await Assert.ThrowsAsync<WebSocketException>(() => WebSocketHandshake.UpgradeAsync(server, Target, "", CancellationToken.None));

        Assert.Contains("Sec-WebSocket-Accept", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_accept_is_the_one_of_rfc_6455s_example()
    {
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.ExpectedAccept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    private static string Accept(string key)
    {
#pragma warning disable CA5350 // RFC 6455's accept hash.
        return Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
    }

    /// <summary>A server in a stream: it takes the request written to it, and reads back the response made for its key.</summary>
    private sealed class AnsweringStream(Func<string, string> respond) : Stream
    {
        private readonly MemoryStream _written = new();
        private MemoryStream? _response;

        public string Request => Encoding.ASCII.GetString(_written.ToArray());

        public string Key => Request.Split("\r\n").Single(line => line.StartsWith("Sec-WebSocket-Key: ", StringComparison.Ordinal))["Sec-WebSocket-Key: ".Length..];

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _response ??= new MemoryStream(Encoding.Latin1.GetBytes(respond(Key)));
            return _response.ReadAsync(buffer, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _written.WriteAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
