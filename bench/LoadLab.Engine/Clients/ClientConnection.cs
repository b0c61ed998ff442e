using System.Net.Security;
using System.Net.Sockets;

namespace LoadLab.Engine.Clients;

/// <summary>
/// The TCP connection (and TLS over it, for <c>https</c>/<c>wss</c>) of a client that speaks its protocol on its own
/// socket: the WebSocket and SSE subscribers. A slow client's socket gets a small receive buffer before it connects
/// (the window scale is agreed in the handshake), so what it does not read backs up to the server soon.
/// </summary>
internal sealed class ClientConnection : IAsyncDisposable
{
    private readonly Socket _socket;

    private ClientConnection(Socket socket, Stream stream, bool secure) => (_socket, Stream, PlainSocket) = (socket, stream, secure ? null : socket);

    public Stream Stream { get; }

    /// <summary>The socket, when the stream is the socket's own bytes (no TLS): a receive loop may read it directly.</summary>
    public Socket? PlainSocket { get; }

    public static async Task<ClientConnection> OpenAsync(Uri uri, bool secure, bool slow, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (slow)
            {
                socket.ReceiveBufferSize = TcpConnectNotification.SlowReceiveBuffer;
            }

            await socket.ConnectAsync(uri.Host, uri.Port, cancellationToken).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (secure)
            {
                var tls = new SslStream(stream);
                stream = tls;
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = uri.Host }, cancellationToken).ConfigureAwait(false);
            }

            return new ClientConnection(socket, stream, secure);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await Stream.DisposeAsync().ConfigureAwait(false);
    }
}
