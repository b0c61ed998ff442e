using System.Net.Sockets;

namespace LoadLab.Engine.Clients;

/// <summary>
/// Tells a request when the TCP connection made for it is up. A long poll's response comes only when a
/// message does, so "connected" cannot be read from the response; the handler's connect callback calls
/// the action a request carries under <see cref="Key"/>. It also gives the socket the receive buffer a request
/// asks for under <see cref="ReceiveBufferKey"/> (a slow client's small one).
/// </summary>
internal static class TcpConnectNotification
{
    public static readonly HttpRequestOptionsKey<Action> Key = new("LoadLab.TcpConnected");

    /// <summary>A socket receive buffer size for the connection made for a request (a slow client's small one).</summary>
    public static readonly HttpRequestOptionsKey<int> ReceiveBufferKey = new("LoadLab.ReceiveBuffer");

    /// <summary>
    /// A slow client's socket receive buffer: small, so that what it does not read backs up to the server
    /// soon instead of filling a kernel buffer of megabytes.
    /// </summary>
    public const int SlowReceiveBuffer = 4096;

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/>: the usual connect, then the notification.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (context.InitialRequestMessage.Options.TryGetValue(ReceiveBufferKey, out var receiveBuffer))
        {
            // Before connecting: the window scale is agreed in the handshake.
            socket.ReceiveBufferSize = receiveBuffer;
        }

        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        if (context.InitialRequestMessage.Options.TryGetValue(Key, out var connected))
        {
            connected();
        }

        return new NetworkStream(socket, ownsSocket: true);
    }
}
