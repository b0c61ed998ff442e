using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using LoadLab.Engine.Clients.Receiving;

namespace LoadLab.Engine.Clients;

/// <summary>
/// The TCP connection (and TLS over it, for <c>https</c>/<c>wss</c>) of a client that speaks its protocol on its own
/// socket: the WebSocket and SSE subscribers. A slow client's socket gets a small receive buffer before it connects
/// (the window scale is agreed in the handshake), so what it does not read backs up to the server soon. A plain
/// connection may live on a receive loop (<see cref="LoopSocket"/>) from its first system call.
/// </summary>
internal sealed class ClientConnection : IAsyncDisposable
{
    private readonly Socket _socket;

    private ClientConnection(Socket socket, Stream stream, LoopSocket? onLoop) => (_socket, Stream, OnLoop) = (socket, stream, onLoop);

    public Stream Stream { get; }

    /// <summary>The connection's place on a receive loop, when it has one: the loop then reads its stream.</summary>
    public LoopSocket? OnLoop { get; }

    public static async Task<ClientConnection> OpenAsync(Uri uri, bool secure, bool slow, bool onLoop, CancellationToken cancellationToken)
    {
        if (onLoop && !secure)
        {
            return await OpenOnLoopAsync(uri, slow, cancellationToken).ConfigureAwait(false);
        }

        var socket = Configured(new Socket(SocketType.Stream, ProtocolType.Tcp), slow);
        try
        {
            await socket.ConnectAsync(uri.Host, uri.Port, cancellationToken).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (secure)
            {
                var tls = new SslStream(stream);
                stream = tls;
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = uri.Host }, cancellationToken).ConfigureAwait(false);
            }

            return new ClientConnection(socket, stream, null);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The stream first: a loop socket leaves its loop before its descriptor is closed.
        await Stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    /// <summary>Each of the host's addresses in turn, as <see cref="Socket.ConnectAsync(string, int, CancellationToken)"/> does.</summary>
    private static async Task<ClientConnection> OpenOnLoopAsync(Uri uri, bool slow, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.Host, cancellationToken).ConfigureAwait(false);
        for (var i = 0; ; i++)
        {
            var socket = Configured(new Socket(addresses[i].AddressFamily, SocketType.Stream, ProtocolType.Tcp), slow);
            var loopSocket = ReceiveLoops.Next().Register(socket);
            try
            {
                await loopSocket.ConnectAsync(new IPEndPoint(addresses[i], uri.Port), cancellationToken).ConfigureAwait(false);
                return new ClientConnection(socket, new LoopStream(loopSocket), loopSocket);
            }
            catch (SocketException) when (i + 1 < addresses.Length)
            {
                loopSocket.Dispose();
                socket.Dispose();
            }
            catch
            {
                loopSocket.Dispose();
                socket.Dispose();
                throw;
            }
        }
    }

    private static Socket Configured(Socket socket, bool slow)
    {
        socket.NoDelay = true;
        if (slow)
        {
            socket.ReceiveBufferSize = TcpConnectNotification.SlowReceiveBuffer;
        }

        return socket;
    }
}
