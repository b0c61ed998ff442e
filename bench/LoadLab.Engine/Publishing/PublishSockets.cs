using System.Net.WebSockets;
using LoadLab.Engine.Running;

namespace LoadLab.Engine.Publishing;

/// <summary>
/// Publishing by WebSocket frame: one socket per topic to its publish URL. What the server sends back on
/// a publishing socket is read and discarded, so the server never sees the publisher as a slow consumer.
/// Sends are ordered by <see cref="TopicSenders"/>, one at a time per socket as WebSockets require.
/// </summary>
internal sealed class PublishSockets : IAsyncDisposable
{
    private readonly Dictionary<PublishTopic, (ClientWebSocket Socket, Task Draining)> _sockets = [];
    private readonly CancellationTokenSource _stop = new();

    private PublishSockets()
    {
    }

    public static async Task<PublishSockets> OpenAsync(IReadOnlyList<PublishTopic> topics, CancellationToken cancellationToken)
    {
        var sockets = new PublishSockets();
        foreach (var topic in topics)
        {
            var socket = new ClientWebSocket();
            if (PublishToken.FromEnvironment() is { } token)
            {
                socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            }

            var uri = ToWebSocketUri(topic.PublishUri);
            try
            {
                await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is WebSocketException or HttpRequestException or IOException)
            {
                socket.Dispose();
                await sockets.DisposeAsync().ConfigureAwait(false);
                // Nothing can be published: the run stops here, saying why, rather than measure silence.
                throw new TargetUnreachableException(
                    $"publisher.via websocket: cannot open the publishing WebSocket {uri}: {ex.Message} (the reference server publishes frames sent on /ws; another server: set endpoints.<transport>.publish)", ex);
            }

            sockets._sockets[topic] = (socket, DrainAsync(socket, sockets._stop.Token));
        }

        return sockets;
    }

    public async Task<bool> SendAsync(PublishTopic topic, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await _sockets[topic].Socket.SendAsync(payload, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var (socket, draining) in _sockets.Values)
        {
            socket.Abort();
            await draining.ConfigureAwait(false);
            socket.Dispose();
        }

        _stop.Dispose();
    }

    internal static Uri ToWebSocketUri(Uri uri) => uri.Scheme switch
    {
        "http" => new UriBuilder(uri) { Scheme = "ws" }.Uri,
        "https" => new UriBuilder(uri) { Scheme = "wss" }.Uri,
        _ => uri,
    };

    private static async Task DrainAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The publisher is closing.
        }
    }
}
