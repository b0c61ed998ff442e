using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace LoadLab.Server.Tests.Endpoints.WebSockets;

/// <summary>
/// A WebSocket client on a bare socket: the handshake by hand, frames sent as built and read as they
/// arrive, pings included, so tests can see what a client library hides or refuses to send.
/// </summary>
internal sealed class RawWebSocket : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawWebSocket(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawWebSocket> ConnectAsync(Uri server, string pathAndQuery)
    {
        var client = new TcpClient();
        using var timeout = new CancellationTokenSource(RunningServer.Patience);
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var socket = new RawWebSocket(client);
        var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await socket._stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        var head = await socket.ReadHeadAsync(timeout.Token);
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal) || !head.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("handshake failed: " + head);
        }

        return socket;
    }

    public Task SendAsync(byte[] frame) => _stream.WriteAsync(frame).AsTask();

    /// <summary>Reads the next frame: its opcode and payload.</summary>
    public async Task<(byte Opcode, byte[] Payload)> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(RunningServer.Patience);
        var header = new byte[2];
        await _stream.ReadExactlyAsync(header, timeout.Token);
        long length = header[1] & 0x7F;
        if (length >= 126)
        {
            var extended = new byte[length == 126 ? 2 : 8];
            await _stream.ReadExactlyAsync(extended, timeout.Token);
            length = extended.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(extended) : (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
        }

        var payload = new byte[length];
        await _stream.ReadExactlyAsync(payload, timeout.Token);
        return ((byte)(header[0] & 0x0F), payload);
    }

    /// <summary>Reads frames until a close frame and returns its status code.</summary>
    public async Task<int> ReceiveCloseAsync()
    {
        while (true)
        {
            var (opcode, payload) = await ReceiveAsync();
            if (opcode == 0x8)
            {
                return BinaryPrimitives.ReadUInt16BigEndian(payload);
            }
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<string> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            await _stream.ReadExactlyAsync(one, cancellationToken);
            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. head]);
    }
}
