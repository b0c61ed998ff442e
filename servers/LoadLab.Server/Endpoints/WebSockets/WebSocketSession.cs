using System.Net.WebSockets;
using LoadLab.PushCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoadLab.Server.Endpoints.WebSockets;

/// <summary>
/// One upgraded WebSocket connection, framed here rather than by the framework's WebSocket so that a
/// subscriber's waiting messages go out as one write of their shared bytes. A send loop drains the
/// subscriber and writes every data frame and the close frame; a receive loop (<see cref="ClientFrameLoop"/>)
/// reads the client's frames, publishes its messages and answers pings. Each loop ends the other: the receive loop by closing the
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
    ILogger logger) : IClientConnection, IDisposable
{
    // A write gathers at most this much before it goes out, so a long backlog is sent in bounded pieces.
    private const int MaxBatchBytes = 64 * 1024;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly FrameBatch _batch = new();

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
        catch (Exception ex) when (ClientFrameLoop.IsConnectionGone(ex))
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
        catch (Exception ex) when (ClientFrameLoop.IsConnectionGone(ex))
        {
            // Nobody left to tell.
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            var frames = new ClientFrameLoop(hub, subscription.Subscriber.Topic, canPublish, options.MaxMessageSize);
            _closeFromReceive = await frames.RunAsync(this, cancellationToken);
        }
        finally
        {
            subscription.Subscriber.Dispose();
        }
    }

    ValueTask<int> IClientConnection.ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        transport.ReadAsync(buffer, cancellationToken);

    async ValueTask IClientConnection.WriteFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket on topic {Topic} did not answer the close frame within {Timeout}; aborted")]
    private static partial void LogCloseTimeout(ILogger logger, string topic, TimeSpan timeout);
}
