using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoadLab.Server.Front;

/// <summary>
/// Kestrel's transport for TCP endpoints: binds the listening socket as Kestrel's socket transport does (with the
/// server's backlog and send buffer) and puts the <see cref="PushFront"/> in front of it. Other endpoints (Unix
/// sockets, named pipes) stay with Kestrel's own transport.
/// </summary>
internal sealed class PushFrontListenerFactory(PushFront front, IOptions<ReferenceServerOptions> options, IMemoryPoolFactory<byte> memoryPools, ILogger<PushFrontListener> logger)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly SocketConnectionFactoryOptions _kestrelOptions = KestrelConnectionOptions(memoryPools);

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        Socket listenSocket;
        try
        {
            listenSocket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            // As Kestrel's own transport says it: Kestrel then names the address ("address already in use").
            throw new AddressInUseException(ex.Message, ex);
        }

        if (options.Value.SocketSendBuffer > 0)
        {
            // Accepted connections inherit it.
            listenSocket.SendBufferSize = options.Value.SocketSendBuffer;
        }

        listenSocket.Listen(options.Value.ListenBacklog);
        return ValueTask.FromResult<IConnectionListener>(new PushFrontListener(listenSocket, front, _kestrelOptions, logger));
    }

    /// <summary>
    /// The options Kestrel's own socket transport gives its connections. Its memory pool factory (Kestrel's pinned
    /// block pool) is not public on these options: the default, the shared array pool, breaks Kestrel's chunked
    /// response writer (an empty span from <c>GetSpan</c>), so Kestrel's own factory from the services is set here.
    /// </summary>
    private static SocketConnectionFactoryOptions KestrelConnectionOptions(IMemoryPoolFactory<byte> memoryPools)
    {
        var options = new SocketConnectionFactoryOptions();
        var property = typeof(SocketConnectionFactoryOptions).GetProperty("MemoryPoolFactory", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException(
                "This version of Kestrel has no SocketConnectionFactoryOptions.MemoryPoolFactory; run with Server:PushFront=false");
        property.SetValue(options, memoryPools);
        return options;
    }
}
