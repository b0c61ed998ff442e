using System.Buffers;
using System.Net.WebSockets;
using LoadLab.PushCore;
using Microsoft.Extensions.Logging;

namespace LoadLab.Server.Endpoints;

/// <summary>
/// One accepted WebSocket: a send loop that drains the subscriber and owns every outgoing frame
/// (closes included), and a receive loop that publishes what the client sends. Each loop ends the
/// other: the receive loop by closing the subscriber, the send loop by sending the close frame.
/// </summary>
internal sealed partial class WebSocketSession(
    WebSocket socket,
    Subscription subscription,
    bool useEnvelope,
    PushHub hub,
    ReferenceServerOptions options,
    ILogger logger)
{
    // Sized for the small messages push traffic is made of; a larger message grows it up to MaxMessageSize.
    private const int InitialReceiveBufferSize = 4096;

    private (WebSocketCloseStatus Status, string Reason)? _receiveViolation;

    public async Task RunAsync(CancellationToken requestAborted)
    {
        using var writes = new WriteDeadline(subscription.Subscriber, options.CloseTimeout, requestAborted);
        var receiving = ReceiveLoopAsync(requestAborted);
        await SendLoopAsync(writes.Token);
        await CloseAsync(writes.Token);

        try
        {
            await receiving.WaitAsync(options.CloseTimeout, requestAborted);
        }
        catch (TimeoutException)
        {
            LogCloseTimeout(logger, subscription.Subscriber.Topic, options.CloseTimeout);
            socket.Abort();
        }
        catch (OperationCanceledException)
        {
            socket.Abort();
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var subscriber = subscription.Subscriber;
        try
        {
            if (useEnvelope && subscription.Gap is { } gap)
            {
                await socket.SendAsync(ResumeGapNotice.WebSocketFrame(gap), WebSocketMessageType.Text, true, cancellationToken);
            }

            foreach (var message in subscription.Replay)
            {
                await SendAsync(message, cancellationToken);
            }

            subscriber.ReportDelivered(subscription.Replay.Count);

            while (await subscriber.WaitAsync())
            {
                var count = 0;
                while (subscriber.TryDequeue(out var message))
                {
                    await SendAsync(message, cancellationToken);
                    count++;
                }

                subscriber.ReportDelivered(count);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection broke while sending; the receive loop sees the same and ends.
            subscriber.Dispose();
        }
    }

    private ValueTask SendAsync(PushMessage message, CancellationToken cancellationToken) => useEnvelope
        ? socket.SendAsync(message.JsonEnvelope, WebSocketMessageType.Text, true, cancellationToken)
        : socket.SendAsync(message.Payload, message.IsUtf8 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, cancellationToken);

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        (WebSocketCloseStatus Status, string Reason)? close = subscription.Subscriber.CloseReason switch
        {
            SubscriberCloseReason.ServerShutdown => (WebSocketCloseStatus.EndpointUnavailable, "server shutting down"),
            SubscriberCloseReason.SlowConsumer => (WebSocketCloseStatus.PolicyViolation, "slow consumer: send queue full"),
            _ when _receiveViolation is { } violation => violation,
            _ when socket.State == WebSocketState.CloseReceived => (WebSocketCloseStatus.NormalClosure, ""),
            _ => null,
        };

        if (close is not { } frame || socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            await socket.CloseOutputAsync(frame.Status, frame.Reason, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Nobody left to tell.
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                // An empty buffer waits for the next frame header without holding any payload buffer,
                // so an idle connection costs no receive memory.
                var header = await socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
                if (header.MessageType == WebSocketMessageType.Close || !await ReceiveMessageAsync(header, cancellationToken))
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or broke the protocol (the framework already closed with 1002/1007).
        }
        finally
        {
            subscription.Subscriber.Dispose();
        }
    }

    /// <summary>Reads the rest of a message into a pooled buffer and publishes it; false when the connection must close.</summary>
    private async Task<bool> ReceiveMessageAsync(ValueWebSocketReceiveResult header, CancellationToken cancellationToken)
    {
        var limit = options.MaxMessageSize;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialReceiveBufferSize, limit + 1));
        try
        {
            var length = 0;
            var endOfMessage = header.EndOfMessage;
            while (!endOfMessage)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length, limit + 1);
                }

                var received = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return false;
                }

                length += received.Count;
                endOfMessage = received.EndOfMessage;
                if (length > limit)
                {
                    _receiveViolation = (WebSocketCloseStatus.MessageTooBig, $"message exceeds {limit} bytes (Server:MaxMessageSize)");
                    return false;
                }
            }

            hub.Publish(subscription.Subscriber.Topic, buffer.AsSpan(0, length).ToArray());
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int length, int maxSize)
    {
        var grown = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxSize));
        buffer.AsSpan(0, length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(buffer);
        return grown;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket on topic {Topic} did not answer the close frame within {Timeout}; aborted")]
    private static partial void LogCloseTimeout(ILogger logger, string topic, TimeSpan timeout);
}
