using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace LoadLab.Server.Front;

/// <summary>
/// Kestrel's listening socket with the <see cref="PushFront"/> in front: every accepted connection's request head
/// is looked at first, push requests the front takes stay with it, and every other connection is handed to
/// Kestrel untouched (the head is only peeked), as Kestrel's own socket transport would have made it.
/// </summary>
internal sealed partial class PushFrontListener : IConnectionListener
{
    private readonly Socket _listenSocket;
    private readonly PushFront _front;
    private readonly SocketConnectionContextFactory _kestrelConnections;
    private readonly ILogger _logger;
    private readonly Channel<ConnectionContext> _forKestrel = Channel.CreateUnbounded<ConnectionContext>();
    private readonly Task _accepting;

    public PushFrontListener(Socket listenSocket, PushFront front, SocketConnectionFactoryOptions kestrelOptions, ILogger logger)
    {
        _listenSocket = listenSocket;
        _front = front;
        _logger = logger;
        _kestrelConnections = new SocketConnectionContextFactory(kestrelOptions, logger);
        EndPoint = listenSocket.LocalEndPoint!;
        _accepting = AcceptLoopAsync();
    }

    public EndPoint EndPoint { get; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (await _forKestrel.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_forKestrel.Reader.TryRead(out var connection))
            {
                return connection;
            }
        }

        return null; // Unbound: Kestrel stops asking.
    }

    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _listenSocket.Dispose();
        await _accepting;
    }

    public async ValueTask DisposeAsync()
    {
        await UnbindAsync();
        _kestrelConnections.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await _listenSocket.AcceptAsync();
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
                {
                    continue; // The client gave up before it was accepted.
                }

                socket.NoDelay = true;
                _ = RouteAsync(socket);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
            // Unbound.
        }
        finally
        {
            _forKestrel.Writer.TryComplete();
        }
    }

    private async Task RouteAsync(Socket socket)
    {
        try
        {
            if (await _front.TryTakeAsync(socket))
            {
                return;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Broken before its head was read: Kestrel sees that for itself.
        }
        catch (Exception ex)
        {
            LogRoutingFailed(_logger, ex);
        }

        if (!_forKestrel.Writer.TryWrite(_kestrelConnections.Create(socket)))
        {
            socket.Dispose(); // Unbound meanwhile.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading a new connection's request head failed; Kestrel serves it")]
    private static partial void LogRoutingFailed(ILogger logger, Exception exception);
}
