using System.Buffers;
using System.Net.WebSockets;
using LoadLab.PushCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoadLab.Server.Endpoints.WebSockets;

/// <summary>
/// One upgraded WebSocket connection, framed here rather than by the framework's WebSocket so that a
/// subscriber's waiting messages go out as one write of their shared bytes. A send loop drains the
/// subscriber and writes every data frame and the close frame; a receive loop reads the client's frames,
/// publishes its messages (when the handshake carried the publish token, if the server has one) and answers pings. Each loop ends the other: the receive loop by closing the
/// subscriber, the send loop by sending the close frame. The two share the transport under a write lock.
/// </summary>
internal sealed partial class WebSocketSession(
    HttpContext context,
    Stream transport,
    Subscription subscription,
    bool useEnvelope,
    bool canPublish,
    PushHub hub,
    ReferenceServerOptions options,
    ILogger logger) : IDisposable
{
    // A write gathers at most this much before it goes out, so a long backlog is sent in bounded pieces.
    private const int MaxBatchBytes = 64 * 1024;
    private const int ReceiveBufferSize = 4096;
    private const int WaitBufferSize = 16;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly FrameBatch _batch = new();
    private readonly byte[] _waitBuffer = new byte[WaitBufferSize];
    // 1013 "Try Again Later" (IANA WebSocket close code registry); the enum has no name for it.
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    private (WebSocketCloseStatus Status, string Reason)? _closeFromReceive;

    public async Task RunAsync()
    {
        var requestAborted = context.RequestAborted;
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
            context.Abort();
        }
        catch (OperationCanceledException)
        {
            context.Abort();
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var subscriber = subscription.Subscriber;
        try
        {
            if (useEnvelope && subscription.Gap is { } gap)
            {
                _batch.Add(Opcodes.Text, ResumeGapNotice.WebSocketFrame(gap));
            }

            foreach (var message in subscription.Replay)
            {
                await AddAsync(message, cancellationToken);
            }

            await WriteBatchAsync(cancellationToken);
            subscriber.ReportDelivered(subscription.Replay.Count);

            while (await subscriber.WaitAsync())
            {
                if (subscriber.TakeHeartbeat())
                {
                    _batch.Add(Opcodes.Ping, []);
                }

                var count = 0;
                while (subscriber.TryDequeue(out var message))
                {
                    await AddAsync(message, cancellationToken);
                    count++;
                }

                await WriteBatchAsync(cancellationToken);
                subscriber.ReportDelivered(count);
            }
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            // The connection broke while sending; the receive loop sees the same and ends.
            subscriber.Dispose();
        }
    }

    /// <summary>Adds a message's frame, writing what was gathered first when the batch is full.</summary>
    private async ValueTask AddAsync(PushMessage message, CancellationToken cancellationToken)
    {
        if (_batch.Length >= MaxBatchBytes)
        {
            await WriteBatchAsync(cancellationToken);
        }

        if (useEnvelope)
        {
            _batch.Add(Opcodes.Text, message.JsonEnvelope.Span);
        }
        else
        {
            _batch.Add(message.IsUtf8 ? Opcodes.Text : Opcodes.Binary, message.Payload.Span);
        }
    }

    private async Task WriteBatchAsync(CancellationToken cancellationToken)
    {
        if (_batch.Length == 0)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await transport.WriteAsync(_batch.Written, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
            _batch.Clear();
        }
    }

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        (WebSocketCloseStatus Status, string Reason)? close = subscription.Subscriber.CloseReason switch
        {
            SubscriberCloseReason.ServerShutdown => (WebSocketCloseStatus.EndpointUnavailable, "server shutting down"),
            SubscriberCloseReason.SlowConsumer => (WebSocketCloseStatus.PolicyViolation, "slow consumer: send queue full"),
            _ => _closeFromReceive,
        };

        if (close is not { } frame)
        {
            return;
        }

        try
        {
            _batch.Add(Opcodes.Close, ServerFrames.ClosePayload(frame.Status, frame.Reason));
            await WriteBatchAsync(cancellationToken);
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            // Nobody left to tell.
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        ClientFrameReader? reader = null;
        try
        {
            while (true)
            {
                // Between frames the read waits in the session's own 16 bytes, as the framework's WebSocket waits in its
                // header buffer: an idle connection holds no pooled buffer, whatever the transport makes of a
                // zero-byte read. Only a frame still arriving is read into a pooled one.
                var midFrame = reader?.IsMidFrame == true;
                var buffer = midFrame ? ArrayPool<byte>.Shared.Rent(ReceiveBufferSize) : _waitBuffer;
                try
                {
                    var received = await transport.ReadAsync(buffer, cancellationToken);
                    if (received == 0)
                    {
                        return; // The client closed the TCP connection without a close frame.
                    }

                    reader ??= new ClientFrameReader(options.MaxMessageSize);
                    for (var offset = 0; offset < received;)
                    {
                        var frame = Next(reader, buffer, ref offset, received);
                        switch (frame.Kind)
                        {
                            case ClientFrameKind.Text or ClientFrameKind.Binary when !canPublish:
                                _closeFromReceive = (WebSocketCloseStatus.PolicyViolation, "publishing needs the server's publish token (Authorization: Bearer)");
                                return;
                            case ClientFrameKind.Text or ClientFrameKind.Binary:
                                if (await TryPublishAsync(frame.Payload!, cancellationToken) is { } refused)
                                {
                                    _closeFromReceive = refused;
                                    return;
                                }

                                break;
                            case ClientFrameKind.Ping:
                                await WritePongAsync(frame.Payload!, cancellationToken);
                                break;
                            case ClientFrameKind.Close:
                                // The client's own close is echoed; a violation is answered with its status (1002, 1007, 1009).
                                _closeFromReceive = (frame.CloseStatus, frame.CloseReason);
                                return;
                        }
                    }
                }
                finally
                {
                    if (midFrame)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            // The client went away.
        }
        finally
        {
            reader?.Release();
            subscription.Subscriber.Dispose();
        }
    }

    /// <summary>Publishes a client's message; when the backplane is unreachable, the close (1013, try again later) that says nothing was published.</summary>
    private async ValueTask<(WebSocketCloseStatus, string)?> TryPublishAsync(byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await hub.PublishAsync(subscription.Subscriber.Topic, payload, cancellationToken);
            return null;
        }
        catch (BackplaneUnavailableException)
        {
            return (TryAgainLater, "backplane unreachable; nothing was published");
        }
    }

    private static ClientFrame Next(ClientFrameReader reader, byte[] buffer, ref int offset, int end)
    {
        ReadOnlySpan<byte> data = buffer.AsSpan(offset, end - offset);
        var frame = reader.Read(ref data);
        offset = end - data.Length;
        return frame;
    }

    private async Task WritePongAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var frame = new byte[ServerFrames.Length(payload.Length)];
        ServerFrames.Write(frame, Opcodes.Pong, payload);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await transport.WriteAsync(frame, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _batch.Dispose();
        _writeLock.Dispose();
    }

    private static bool IsConnectionGone(Exception ex) =>
        ex is IOException or OperationCanceledException or ObjectDisposedException or BadHttpRequestException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket on topic {Topic} did not answer the close frame within {Timeout}; aborted")]
    private static partial void LogCloseTimeout(ILogger logger, string topic, TimeSpan timeout);
}
