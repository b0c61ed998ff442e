using System.Buffers;
using System.Net.WebSockets;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Publishing;

namespace LoadLab.Engine.Clients;

/// <summary>
/// A WebSocket subscriber (<see cref="ClientWebSocket"/>). It waits for each frame with an empty
/// buffer and rents one only while a message is being read, so an idle connection holds none. In echo
/// mode it also sends its own stamped frames on a fixed schedule and measures their round trip.
/// </summary>
internal sealed class WebSocketClient(ClientContext context, ClientSubscription subscription, double echoRate) : VirtualClient(context, subscription)
{
    private const int InitialBufferSize = 4096;

    private readonly ClientWebSocket _socket = new();

    protected override async Task ConnectAsync(CancellationToken cancellationToken, CancellationToken stop)
    {
        _socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await _socket.ConnectAsync(PublishSockets.ToWebSocketUri(Subscription.SubscribeUri), Context.Http, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException) when (_socket.HttpStatusCode is not 0 and not System.Net.HttpStatusCode.SwitchingProtocols)
        {
            var location = _socket.HttpResponseHeaders?.TryGetValue("Location", out var values) == true ? new Uri(values.First(), UriKind.RelativeOrAbsolute) : null;
            throw new ConnectRefusedException(ConnectFailure.Http(_socket.HttpStatusCode, location));
        }
    }

    protected override async Task ReceiveAsync(CancellationToken stop)
    {
        var sending = echoRate > 0 ? SendOnScheduleAsync(stop) : Task.CompletedTask;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var header = await _socket.ReceiveAsync(Memory<byte>.Empty, stop).ConfigureAwait(false);
                if (header.MessageType == WebSocketMessageType.Close)
                {
                    Context.Recorder.Error();
                    return;
                }

                await ReceiveMessageAsync(header, stop).ConfigureAwait(false);
            }
        }
        finally
        {
            await sending.ConfigureAwait(false);
        }
    }

    public override ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ReceiveMessageAsync(ValueWebSocketReceiveResult header, CancellationToken stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            var length = 0;
            var endOfMessage = header.EndOfMessage;
            while (!endOfMessage)
            {
                if (length == buffer.Length)
                {
                    var grown = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }

                var received = await _socket.ReceiveAsync(buffer.AsMemory(length), stop).ConfigureAwait(false);
                length += received.Count;
                endOfMessage = received.EndOfMessage;
            }

            Context.Received(Subscription.Tracker, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Echo mode: this client's own open-loop schedule; its topic is its own, so what comes back is its echo.</summary>
    private async Task SendOnScheduleAsync(CancellationToken stop)
    {
        var clock = Context.Recorder.Clock;
        var interval = 1_000_000.0 / echoRate;
        var start = clock.NowMicroseconds;
        var payloadBytes = Context.Scenario.Publisher.PayloadBytes;
        try
        {
            for (var sequence = 1L; !stop.IsCancellationRequested; sequence++)
            {
                var scheduled = start + (long)((sequence - 1) * interval);
                var wait = scheduled - clock.NowMicroseconds;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromTicks(wait * 10), stop).ConfigureAwait(false);
                }

                if (scheduled >= Context.Recorder.MeasuredFromMicroseconds && Subscription.Topic.FirstMeasured == long.MaxValue)
                {
                    Subscription.Topic.FirstMeasured = sequence;
                }

                Subscription.Topic.Sent(sequence);
                await _socket.SendAsync(PayloadStamp.Create(sequence, scheduled, payloadBytes), WebSocketMessageType.Text, true, stop).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Stopped, or the connection ended: the receive loop records it.
        }
    }
}
