using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Publishing;

namespace LoadLab.Engine.Clients;

/// <summary>
/// A WebSocket subscriber on a raw socket, not <see cref="ClientWebSocket"/>: at thousands of connections the
/// engine must cost less than the server it measures. An idle connection waits with an empty read and holds
/// no buffer; when data arrives one pooled buffer takes what the socket has, and every frame in it is parsed
/// and recorded in place — many frames per system call when a connection is busy, where
/// <c>ClientWebSocket</c> needs two receive calls per message. A frame cut by the end of a read is carried
/// to the next. Pings are answered; in echo mode the client also sends its own stamped frames on a fixed
/// schedule and measures their round trip.
/// </summary>
internal sealed class WebSocketClient(ClientContext context, ClientSubscription subscription, double echoRate) : VirtualClient(context, subscription)
{
    /// <summary>Enough for a few hundred small frames per read; rented only while a read is processed.</summary>
    private const int ReadSize = 16 * 1024;

    private readonly SemaphoreSlim _writing = new(1, 1);
    private Socket? _socket;
    private Stream? _stream;

    /// <summary>Bytes of a frame the last read ended inside, kept for the next (pooled; null when none).</summary>
    private byte[]? _carry;
    private int _carryLength;

    /// <summary>The payload of a fragmented message so far (pooled; null outside one).</summary>
    private byte[]? _fragments;
    private int _fragmentsLength;

    protected override async Task ConnectAsync(CancellationToken cancellationToken, CancellationToken stop)
    {
        var uri = PublishSockets.ToWebSocketUri(Subscription.SubscribeUri);
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await _socket.ConnectAsync(uri.Host, uri.Port, cancellationToken).ConfigureAwait(false);
        _stream = new NetworkStream(_socket, ownsSocket: false);
        if (uri.Scheme == "wss")
        {
            var tls = new SslStream(_stream);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = uri.Host }, cancellationToken).ConfigureAwait(false);
            _stream = tls;
        }

        var early = await WebSocketHandshake.UpgradeAsync(_stream, uri, cancellationToken).ConfigureAwait(false);
        if (early.Count > 0)
        {
            Carry(early);
        }
    }

    protected override async Task ReceiveAsync(CancellationToken stop)
    {
        var sending = echoRate > 0 ? SendOnScheduleAsync(stop) : Task.CompletedTask;
        try
        {
            while (!stop.IsCancellationRequested && await ReadFramesAsync(stop).ConfigureAwait(false))
            {
            }
        }
        finally
        {
            await sending.ConfigureAwait(false);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        ReturnPooled(ref _carry);
        ReturnPooled(ref _fragments);
        _writing.Dispose();
    }

    /// <summary>One read and every complete frame in it; false when the server closed the connection.</summary>
    private async Task<bool> ReadFramesAsync(CancellationToken stop)
    {
        if (_carryLength == 0)
        {
            // Waits for data without holding a buffer: idle connections cost no buffer memory.
            await _stream!.ReadAsync(Memory<byte>.Empty, stop).ConfigureAwait(false);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(_carryLength + ReadSize);
        try
        {
            var length = _carryLength;
            if (_carry is not null)
            {
                _carry.AsSpan(0, _carryLength).CopyTo(buffer);
                ReturnPooled(ref _carry);
                _carryLength = 0;
            }

            var read = await _stream!.ReadAsync(buffer.AsMemory(length, buffer.Length - length), stop).ConfigureAwait(false);
            if (read == 0)
            {
                Context.Recorder.Error();
                return false;
            }

            length += read;
            var (consumed, open, ping) = ParseFrames(buffer.AsSpan(0, length));
            if (consumed < length)
            {
                Carry(new ArraySegment<byte>(buffer, consumed, length - consumed));
            }

            if (ping is not null)
            {
                await SendFrameAsync(WebSocketFrames.Pong, ping, stop).ConfigureAwait(false);
            }

            return open;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Records every complete frame; returns how many bytes they took, whether the connection is still open, and the last ping's payload to answer.</summary>
    private (int Consumed, bool Open, byte[]? Ping) ParseFrames(Span<byte> data)
    {
        var consumed = 0;
        byte[]? ping = null;
        while (WebSocketFrames.TryRead(data[consumed..], out var final, out var opcode, out var payloadRange, out var frameLength))
        {
            var payload = data.Slice(consumed, frameLength)[payloadRange];
            consumed += frameLength;
            switch (opcode)
            {
                case WebSocketFrames.Text or WebSocketFrames.Binary when final && _fragments is null:
                    Context.Received(Subscription.Tracker, payload);
                    break;
                case WebSocketFrames.Text or WebSocketFrames.Binary or WebSocketFrames.Continuation:
                    AppendFragment(payload);
                    if (final)
                    {
                        Context.Received(Subscription.Tracker, _fragments.AsSpan(0, _fragmentsLength));
                        ReturnPooled(ref _fragments);
                        _fragmentsLength = 0;
                    }

                    break;
                case WebSocketFrames.Ping:
                    ping = payload.ToArray();
                    break;
                case WebSocketFrames.Close:
                    // The server ended the subscription: for a subscriber that is an error to count.
                    Context.Recorder.Error();
                    return (consumed, false, null);
            }
        }

        return (consumed, true, ping);
    }

    private void AppendFragment(ReadOnlySpan<byte> payload)
    {
        if (_fragments is null || _fragmentsLength + payload.Length > _fragments.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_fragmentsLength + payload.Length, 2 * (_fragments?.Length ?? 0)));
            _fragments?.AsSpan(0, _fragmentsLength).CopyTo(grown);
            ReturnPooled(ref _fragments);
            _fragments = grown;
        }

        payload.CopyTo(_fragments.AsSpan(_fragmentsLength));
        _fragmentsLength += payload.Length;
    }

    private void Carry(ArraySegment<byte> rest)
    {
        _carry = ArrayPool<byte>.Shared.Rent(rest.Count);
        rest.AsSpan().CopyTo(_carry);
        _carryLength = rest.Count;
    }

    private static void ReturnPooled(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    /// <summary>One masked frame, written whole: the echo sender and the pong share the stream.</summary>
    private async Task SendFrameAsync(byte opcode, byte[] payload, CancellationToken stop)
    {
        var frame = ArrayPool<byte>.Shared.Rent(payload.Length + WebSocketFrames.MaxClientHeader);
        try
        {
            var length = WebSocketFrames.WriteClientFrame(frame, opcode, payload, (uint)Random.Shared.Next());
            await _writing.WaitAsync(stop).ConfigureAwait(false);
            try
            {
                await _stream!.WriteAsync(frame.AsMemory(0, length), stop).ConfigureAwait(false);
            }
            finally
            {
                _writing.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
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
                await SendFrameAsync(WebSocketFrames.Text, PayloadStamp.Create(sequence, scheduled, payloadBytes), stop).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Stopped, or the connection ended: the receive loop records it.
        }
    }
}
