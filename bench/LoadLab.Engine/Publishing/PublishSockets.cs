using System.Net.WebSockets;
using System.Threading.Channels;
using LoadLab.Engine.Measurement;

namespace LoadLab.Engine.Publishing;

/// <summary>
/// Publishing by WebSocket frame: one socket per topic to its publish URL. A socket sends one frame at
/// a time, so each has a send queue (the schedule never waits on it); what the server sends back on the
/// socket is read and discarded, so the server never sees the publisher as a slow consumer.
/// </summary>
internal sealed class PublishSockets : IAsyncDisposable
{
    private readonly Dictionary<PublishTopic, Connection> _connections = [];
    private readonly CancellationTokenSource _stop = new();

    private PublishSockets()
    {
    }

    public static async Task<PublishSockets> OpenAsync(IReadOnlyList<PublishTopic> topics, RunRecorder recorder, CancellationToken cancellationToken)
    {
        var sockets = new PublishSockets();
        foreach (var topic in topics)
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(ToWebSocketUri(topic.PublishUri), cancellationToken).ConfigureAwait(false);
            var queue = Channel.CreateUnbounded<(long, byte[])>(new UnboundedChannelOptions { SingleReader = true });
            sockets._connections[topic] = new Connection(
                socket,
                queue.Writer,
                SendLoopAsync(topic, socket, queue.Reader, recorder, sockets._stop.Token),
                DrainAsync(socket, sockets._stop.Token));
        }

        return sockets;
    }

    public void Send(PublishTopic topic, long sequence, byte[] payload) => _connections[topic].Queue.TryWrite((sequence, payload));

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Queue.TryComplete();
            await connection.Sending.ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var connection in _connections.Values)
        {
            connection.Socket.Abort();
            await connection.Draining.ConfigureAwait(false);
            connection.Socket.Dispose();
        }

        _stop.Dispose();
    }

    internal static Uri ToWebSocketUri(Uri uri) => uri.Scheme switch
    {
        "http" => new UriBuilder(uri) { Scheme = "ws" }.Uri,
        "https" => new UriBuilder(uri) { Scheme = "wss" }.Uri,
        _ => uri,
    };

    private static async Task SendLoopAsync(PublishTopic topic, ClientWebSocket socket, ChannelReader<(long Sequence, byte[] Payload)> queue, RunRecorder recorder, CancellationToken cancellationToken)
    {
        await foreach (var (sequence, payload) in queue.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                await socket.SendAsync(payload, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                Publisher.Fail(topic, sequence, recorder);
            }
        }
    }

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

    private sealed record Connection(ClientWebSocket Socket, ChannelWriter<(long, byte[])> Queue, Task Sending, Task Draining);
}
